package io.ballast.core.ledger.tx;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.Objects;

/**
 * A transaction envelope: signer (Ed25519 public key), per-signer nonce, priority fee, body and
 * the signature over {@link #signingMessage}. Immutable; the encoding and hash are computed once.
 *
 * <p>The signed message binds a domain tag and the chain id, so a transaction signed for one
 * chain is never valid on another, yet the chain id is not repeated in the wire encoding.
 */
public final class SignedTransaction {
    public static final String DOMAIN_TAG = "ballast/tx/v1";
    /** Upper bound of an encoded transaction; decoding longer input fails. */
    public static final int MAX_ENCODED_BYTES = 2_048;

    private final Bytes32 signer;
    private final long nonce;
    private final long priorityFeeUsd;
    private final TxBody body;
    private final Signature signature;
    private byte[] encoded;
    private Bytes32 hash;

    public SignedTransaction(Bytes32 signer, long nonce, long priorityFeeUsd, TxBody body, Signature signature) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.nonce = nonce;
        this.priorityFeeUsd = priorityFeeUsd;
        this.body = Objects.requireNonNull(body, "body");
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    /** Signs {@code body} with {@code key} for chain {@code chainId}. */
    public static SignedTransaction sign(String chainId, KeyPair key, long nonce, long priorityFeeUsd, TxBody body) {
        byte[] message = signingMessage(chainId, key.publicKey(), nonce, priorityFeeUsd, body);
        return new SignedTransaction(key.publicKey(), nonce, priorityFeeUsd, body, Ed25519.sign(key, message));
    }

    /** Signs with no priority fee. */
    public static SignedTransaction sign(String chainId, KeyPair key, long nonce, TxBody body) {
        return sign(chainId, key, nonce, 0, body);
    }

    /** The bytes the signature covers: domain tag, chain id, signer, nonce, fee, body. */
    public static byte[] signingMessage(String chainId, Bytes32 signer, long nonce, long priorityFeeUsd, TxBody body) {
        CanonicalWriter out = new CanonicalWriter(160);
        out.putString(DOMAIN_TAG).putString(chainId).putBytes32(signer).putLong(nonce).putLong(priorityFeeUsd);
        TxBody.encode(body, out);
        return out.toByteArray();
    }

    /** Verifies the Ed25519 signature (cost: one verification; see the ledger's SignatureCheck for caching). */
    public boolean verifySignature(String chainId) {
        return Ed25519.verify(signer, signingMessage(chainId, signer, nonce, priorityFeeUsd, body), signature);
    }

    /** Canonical wire encoding: signer, nonce, fee, body, signature. */
    public byte[] encode() {
        if (encoded == null) {
            CanonicalWriter out = new CanonicalWriter(200);
            out.putBytes32(signer).putLong(nonce).putLong(priorityFeeUsd);
            TxBody.encode(body, out);
            out.putSignature(signature);
            encoded = out.toByteArray();
        }
        return encoded.clone();
    }

    /** Decodes {@link #encode()} output; throws {@link DecodingException} on any malformed or over-long input. */
    public static SignedTransaction decode(byte[] data) {
        if (data.length > MAX_ENCODED_BYTES) {
            throw new DecodingException("transaction of " + data.length + " bytes exceeds " + MAX_ENCODED_BYTES);
        }
        CanonicalReader in = new CanonicalReader(data);
        Bytes32 signer = in.getBytes32();
        long nonce = in.getLong();
        long fee = in.getLong();
        TxBody body = TxBody.decode(in);
        Signature signature = in.getSignature();
        in.expectEnd();
        SignedTransaction tx = new SignedTransaction(signer, nonce, fee, body, signature);
        tx.encoded = data.clone();
        return tx;
    }

    /** SHA-256 (tag {@link Hashing#TAG_TRANSACTION}) of the wire encoding; computed once. */
    public Bytes32 hash() {
        if (hash == null) {
            if (encoded == null) {
                encode();
            }
            hash = Hashing.tagged(Hashing.TAG_TRANSACTION, encoded);
        }
        return hash;
    }

    public Lane lane() {
        return body.lane();
    }

    public Bytes32 signer() {
        return signer;
    }

    public long nonce() {
        return nonce;
    }

    public long priorityFeeUsd() {
        return priorityFeeUsd;
    }

    public TxBody body() {
        return body;
    }

    public Signature signature() {
        return signature;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTransaction that && hash().equals(that.hash());
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "SignedTransaction[" + signer.shortHex() + " #" + nonce + " " + body + "]";
    }
}
