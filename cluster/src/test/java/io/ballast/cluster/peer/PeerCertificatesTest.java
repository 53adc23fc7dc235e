package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.keys.KeyFile;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCertificatesTest {
    private static final Bytes32 CHAIN = PeerTestNet.CHAIN;
    private static final char[] PASSWORD = "peer-test".toCharArray();

    @Test
    void aKeyStoreFromAValidatorKeyFileIsPrivateAndReadsBack(@TempDir Path dir) throws IOException {
        Path keyFile = dir.resolve("validator.key");
        KeyPair validator = KeyFile.createIfAbsent(keyFile);
        Path store = dir.resolve("peer.p12");
        PeerCredentials written = PeerCertificates.createKeyStore(keyFile, CHAIN, store, PASSWORD, Duration.ofDays(30));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        PeerCredentials read = PeerCertificates.read(store, PASSWORD, CHAIN, validator.publicKey());
        assertEquals(validator.publicKey(), read.validatorKey());
        assertEquals(written.binding(), read.binding());
        assertEquals(written.certificate(), read.certificate());
        assertThrows(FileAlreadyExistsException.class,
                () -> PeerCertificates.createKeyStore(keyFile, CHAIN, store, PASSWORD, Duration.ofDays(30)));
    }

    @Test
    void aKeyStoreIsRefusedWhenOthersMayReadItOrItIsBoundElsewhere(@TempDir Path dir) throws IOException {
        KeyPair validator = PeerTestNet.validator("owner");
        Path store = dir.resolve("peer.p12");
        PeerCertificates.write(PeerTestNet.credentials(validator, CHAIN), store, PASSWORD);
        assertThrows(IOException.class, () -> PeerCertificates.read(store, PASSWORD, CHAIN,
                PeerTestNet.validator("someone else").publicKey()), "another validator");
        assertThrows(IOException.class, () -> PeerCertificates.read(store, PASSWORD,
                Ed25519.keyPairFromLabel("other chain").publicKey(), validator.publicKey()), "another chain");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(IOException.class, () -> PeerCertificates.read(store, PASSWORD, CHAIN, validator.publicKey()),
                "world-readable");
    }

    @Test
    void theBindingCoversExactlyItsTlsKeyChainAndExpiry() throws Exception {
        KeyPair validator = PeerTestNet.validator("binding");
        SecureRandom random = new SecureRandom();
        java.security.KeyPair tls = PeerCertificates.newTlsKey(random);
        java.security.KeyPair other = PeerCertificates.newTlsKey(random);
        long notAfter = Instant.now().getEpochSecond() + 3600;
        PeerBinding binding = PeerBinding.sign(validator, CHAIN, tls.getPublic(), notAfter);
        assertTrue(binding.certifies(tls.getPublic()));
        assertFalse(binding.certifies(other.getPublic()), "another TLS key");
        assertFalse(new PeerBinding(Ed25519.keyPairFromLabel("x").publicKey(), binding.validatorKey(), notAfter,
                binding.signature()).certifies(tls.getPublic()), "another chain");
        assertFalse(new PeerBinding(CHAIN, binding.validatorKey(), notAfter + 1, binding.signature())
                .certifies(tls.getPublic()), "a longer life");
        assertEquals(binding, PeerBinding.decode(binding.encode()).orElseThrow());
        assertEquals(binding, PeerBinding.of(PeerCertificates.certificate(tls, binding, notAfter - 7200, random))
                .orElseThrow(), "carried by the certificate");
        assertTrue(PeerCertificates.certificate(tls, binding, notAfter - 7200, random).getCriticalExtensionOIDs()
                .contains(PeerBinding.EXTENSION_OID), "critical: software that cannot check it must not trust it");
        assertThrows(IllegalArgumentException.class, () -> new PeerCredentials(other.getPrivate(),
                PeerCertificates.certificate(other, binding, notAfter - 7200, random), binding),
                "credentials whose certificate key the binding does not certify");
    }
}
