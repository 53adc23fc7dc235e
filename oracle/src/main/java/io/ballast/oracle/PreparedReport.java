package io.ballast.oracle;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.persistence.CborSerializable;
import java.util.Objects;

/**
 * One report an operator is about to sign, persisted (in {@link OracleOperator.RoundPrepared}) before it is signed.
 * Ed25519 signatures are deterministic, so the operator re-creates exactly the bytes it sent from this record after a
 * restart or a move to another node, and {@link #sign} refuses to sign anything whose signing message does not hash to
 * {@code reportHash}.
 *
 * @param value      micro-USD per base unit for {@link Kind#PRICE}, ppm of annual volatility for {@link Kind#VOLATILITY}
 * @param reportHash hex SHA-256 (tag {@link Hashing#TAG_ORACLE_REPORT}) of the transaction's signing message
 */
public record PreparedReport(Kind kind, String marketId, long value, long timestampMillis, String reportHash)
        implements CborSerializable {
    /** What the report carries: a {@link TxBody.OracleReport} or a {@link TxBody.VolReport}. */
    public enum Kind { PRICE, VOLATILITY }

    public PreparedReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(marketId, "marketId");
        Objects.requireNonNull(reportHash, "reportHash");
        if (reportHash.length() != Bytes32.LENGTH * 2) {
            throw new IllegalArgumentException("reportHash must be " + Bytes32.LENGTH * 2 + " hex digits: " + reportHash);
        }
    }

    /** The report of {@code kind} for {@code chainId} signed by {@code signer}, with its hash. */
    public static PreparedReport prepare(String chainId, Bytes32 signer, Kind kind, String marketId, long value,
                                         long timestampMillis) {
        TxBody body = body(kind, marketId, value, timestampMillis);
        return new PreparedReport(kind, marketId, value, timestampMillis, hashOf(chainId, signer, body));
    }

    /** The transaction body (validates the market id as the ledger does). */
    public TxBody body() {
        return body(kind, marketId, value, timestampMillis);
    }

    /**
     * The signed transaction's encoding ({@code SignedTransaction.encode()}): nonce 0, no fee. Throws when
     * {@code chainId} and {@code key} would sign something else than what this record's hash names.
     */
    public byte[] sign(String chainId, KeyPair key) {
        TxBody body = body();
        String hash = hashOf(chainId, key.publicKey(), body);
        if (!hash.equals(reportHash)) {
            throw new IllegalStateException("refusing to sign " + kind + " " + marketId + " at " + timestampMillis
                    + ": its signing message hashes to " + hash + ", the persisted report to " + reportHash);
        }
        return SignedTransaction.sign(chainId, key, 0, body).encode();
    }

    static String hashOf(String chainId, Bytes32 signer, TxBody body) {
        return Hashing.tagged(Hashing.TAG_ORACLE_REPORT, SignedTransaction.signingMessage(chainId, signer, 0, 0, body)).toHex();
    }

    private static TxBody body(Kind kind, String marketId, long value, long timestampMillis) {
        return kind == Kind.PRICE ? new TxBody.OracleReport(marketId, value, timestampMillis)
                : new TxBody.VolReport(marketId, value, timestampMillis);
    }
}
