package io.ballast.cluster.peer;

import io.ballast.keys.KeyFile;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/**
 * Creates an operator's peer-transport identity from its validator key: a fresh EC P-256 TLS key, a self-signed
 * certificate carrying the validator's {@link PeerBinding}, kept in a PKCS12 key store of mode 600. The validator
 * key signs once, here; the running transport needs only the key store. No CLI wiring: callers pass paths.
 */
public final class PeerCertificates {
    private static final String KEY_ALIAS = "peer";
    private static final String ECDSA_WITH_SHA256_OID = "1.2.840.10045.4.3.2";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PeerCertificates() {}

    /** New credentials for {@code validator} on {@code chainId}, valid from {@code now} for {@code validity}. */
    public static PeerCredentials create(KeyPair validator, Bytes32 chainId, Instant now, Duration validity,
            SecureRandom random) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        try {
            java.security.KeyPair tls = newTlsKey(random);
            long notBefore = now.getEpochSecond();
            long notAfter = now.plus(validity).getEpochSecond();
            PeerBinding binding = PeerBinding.sign(validator, chainId, tls.getPublic(), notAfter);
            return new PeerCredentials(tls.getPrivate(), certificate(tls, binding, notBefore, random), binding);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a peer TLS certificate", e);
        }
    }

    /**
     * Reads the validator key file, creates credentials and writes them to {@code keyStore} (mode 600, refusing
     * to overwrite). Returns what it wrote.
     */
    public static PeerCredentials createKeyStore(Path validatorKeyFile, Bytes32 chainId, Path keyStore,
            char[] password, Duration validity) throws IOException {
        PeerCredentials credentials = create(KeyFile.read(validatorKeyFile), chainId, Instant.now(), validity,
                new SecureRandom());
        write(credentials, keyStore, password);
        return credentials;
    }

    /** Writes {@code credentials} as a new PKCS12 key store of mode 600; refuses to overwrite a file. */
    public static void write(PeerCredentials credentials, Path keyStore, char[] password) throws IOException {
        if (password.length == 0) {
            throw new IllegalArgumentException("a peer key store needs a password");
        }
        Path parent = keyStore.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(keyStore)) {
            throw new FileAlreadyExistsException(keyStore + " exists; refusing to overwrite a key");
        }
        Files.createFile(keyStore, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, credentials.tlsKey(), password,
                    new java.security.cert.Certificate[] {credentials.certificate()});
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the peer key store " + keyStore, e);
        }
    }

    /**
     * Reads a key store written by {@link #write}. Refuses a file that group or others may read, and a binding
     * for another chain or validator than the node is configured for.
     */
    public static PeerCredentials read(Path keyStore, char[] password, Bytes32 chainId, Bytes32 validatorKey)
            throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyStore);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException(keyStore + " is readable by others (" + PosixFilePermissions.toString(permissions)
                    + "); chmod 600 it");
        }
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!(store.getKey(KEY_ALIAS, password) instanceof PrivateKey key)
                    || !(store.getCertificate(KEY_ALIAS) instanceof X509Certificate certificate)) {
                throw new IOException(keyStore + " holds no peer key and certificate under alias " + KEY_ALIAS);
            }
            PeerBinding binding = PeerBinding.of(certificate)
                    .orElseThrow(() -> new IOException(keyStore + ": the certificate carries no peer binding"));
            if (!binding.chainId().equals(chainId) || !binding.validatorKey().equals(validatorKey)) {
                throw new IOException(keyStore + " is bound to validator " + binding.validatorKey().shortHex()
                        + " on chain " + binding.chainId().shortHex() + ", not " + validatorKey.shortHex()
                        + " on " + chainId.shortHex());
            }
            return new PeerCredentials(key, certificate, binding);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the peer key store " + keyStore, e);
        }
    }

    /** A self-signed certificate for {@code tls} carrying {@code binding}, valid until the binding's end. */
    static X509Certificate certificate(java.security.KeyPair tls, PeerBinding binding, long notBefore,
            SecureRandom random) throws GeneralSecurityException {
        try {
            return selfSigned(tls, binding, notBefore, binding.notAfterEpochSeconds(), random);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    static java.security.KeyPair newTlsKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(java.security.KeyPair tls, PeerBinding binding, long notBefore,
            long notAfter, SecureRandom random) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=" + binding.validatorKey().toHex());
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(new ASN1ObjectIdentifier(ECDSA_WITH_SHA256_OID));
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, random)));
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new Time(new Date(notBefore * 1000)));
        tbs.setEndDate(new Time(new Date(notAfter * 1000)));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(tls.getPublic().getEncoded()));
        tbs.setSignature(algorithm);
        tbs.setExtensions(new Extensions(new Extension(new ASN1ObjectIdentifier(PeerBinding.EXTENSION_OID), true,
                new DEROctetString(new DEROctetString(binding.encode()).getEncoded(ASN1Encoding.DER)))));
        TBSCertificate toSign = tbs.generateTBSCertificate();
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(tls.getPrivate(), random);
        signer.update(toSign.getEncoded(ASN1Encoding.DER));
        byte[] der = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                toSign, algorithm, new DERBitString(signer.sign())}).getEncoded(ASN1Encoding.DER);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
