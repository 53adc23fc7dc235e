package io.ballast.core.ledger.tx;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;

/**
 * What a signed transaction asks the ledger to do. Amounts are micro-USD ({@code Usd}), sizes
 * base units × 1e8 ({@code E8}), prices micro-USD per base unit. Range checks that depend on
 * state happen in the ledger; the records only reject what can never be valid (null fields,
 * market ids too long to encode).
 */
public sealed interface TxBody {
    int MAX_MARKET_ID_BYTES = 32;

    /** One byte identifying the body type in the canonical encoding. */
    int typeCode();

    Lane lane();

    void encodeTo(CanonicalWriter out);

    /** Credits {@code amountUsd} of external collateral to {@code account} (created if new). Signed by the collateral authority. */
    record Deposit(Bytes32 account, long amountUsd) implements TxBody {
        public Deposit {
            requireNonNull(account, "account");
        }

        public int typeCode() {
            return 1;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putBytes32(account).putLong(amountUsd);
        }
    }

    /** Withdraws collateral from the signer's account; it must stay at or above initial margin. */
    record Withdraw(long amountUsd) implements TxBody {
        public int typeCode() {
            return 2;
        }

        public Lane lane() {
            return Lane.WITHDRAWAL;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putLong(amountUsd);
        }
    }

    /**
     * Changes the signer's position in {@code marketId} by {@code sizeDeltaE8} (positive buys)
     * against the pool. Rejected with PRICE_LIMIT if a buy would fill above, or a sell below,
     * {@code limitPriceUsd}.
     */
    record Trade(String marketId, long sizeDeltaE8, long limitPriceUsd) implements TxBody {
        public Trade {
            requireMarketId(marketId);
        }

        public int typeCode() {
            return 3;
        }

        public Lane lane() {
            return Lane.TRADE;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putString(marketId).putLong(sizeDeltaE8).putLong(limitPriceUsd);
        }
    }

    /** Closes the whole position in a market; allowed in safe mode. {@code worstPriceUsd} as in {@link Trade}. */
    record ClosePosition(String marketId, long worstPriceUsd) implements TxBody {
        public ClosePosition {
            requireMarketId(marketId);
        }

        public int typeCode() {
            return 4;
        }

        public Lane lane() {
            return Lane.TRADE;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putString(marketId).putLong(worstPriceUsd);
        }
    }

    /** Moves collateral into the pool for LP shares at the pool's NAV. */
    record LpDeposit(long amountUsd) implements TxBody {
        public int typeCode() {
            return 5;
        }

        public Lane lane() {
            return Lane.TRADE;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putLong(amountUsd);
        }
    }

    /** Burns LP shares for collateral at the pool's NAV, subject to the pool reserve. */
    record LpWithdraw(long shares) implements TxBody {
        public int typeCode() {
            return 6;
        }

        public Lane lane() {
            return Lane.WITHDRAWAL;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putLong(shares);
        }
    }

    /** Liquidates an account below maintenance margin; the signer (keeper) earns the liquidator fee share. */
    record Liquidate(Bytes32 targetAccount) implements TxBody {
        public Liquidate {
            requireNonNull(targetAccount, "targetAccount");
        }

        public int typeCode() {
            return 7;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putBytes32(targetAccount);
        }
    }

    /**
     * An oracle operator's price for a market. Replay protection is the per-operator, per-market
     * strictly increasing {@code timestampMillis}; the envelope nonce must be 0.
     */
    record OracleReport(String marketId, long priceUsd, long timestampMillis) implements TxBody {
        public OracleReport {
            requireMarketId(marketId);
        }

        public int typeCode() {
            return 8;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putString(marketId).putLong(priceUsd).putLong(timestampMillis);
        }
    }

    /**
     * Lists a European, cash-settled option on {@code marketId}'s index (a market with options in
     * genesis). Signed by the chain's authority key with its nonce, like deposits. The series id
     * (e.g. {@code BTC-20270326-70000-C}) then names it in trades.
     */
    record ListOption(String marketId, long expiryMillis, long strikeUsd, io.ballast.core.options.OptionType optionType,
                      long contractSizeE8) implements TxBody {
        public ListOption {
            requireMarketId(marketId);
            requireNonNull(optionType, "optionType");
        }

        public int typeCode() {
            return 10;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putString(marketId).putLong(expiryMillis).putLong(strikeUsd).putByte(optionType.code()).putLong(contractSizeE8);
        }
    }

    /**
     * An oracle operator's annualized volatility for a market's index, in ppm (600_000 = 60%).
     * Aggregated into the market's vol index by the same rule as prices; replay protection as for
     * {@link OracleReport} (strictly increasing timestamp per operator and market, nonce 0).
     */
    record VolReport(String marketId, long volPpm, long timestampMillis) implements TxBody {
        public VolReport {
            requireMarketId(marketId);
        }

        public int typeCode() {
            return 11;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putString(marketId).putLong(volPpm).putLong(timestampMillis);
        }
    }

    /**
     * Bonds {@code amountUsd} of the signer's collateral as validator stake (the signer's key is the validator's).
     * It counts from the next election on; the account must stay at or above initial margin.
     */
    record BondStake(long amountUsd) implements TxBody {
        public int typeCode() {
            return 12;
        }

        public Lane lane() {
            return Lane.WITHDRAWAL;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putLong(amountUsd);
        }
    }

    /**
     * Starts unbonding {@code amountUsd} of the signer's bond: it stops counting at the next election, stays
     * slashable for the unbonding period, then {@link WithdrawUnbonded} returns it to the collateral.
     */
    record Unbond(long amountUsd) implements TxBody {
        public int typeCode() {
            return 13;
        }

        public Lane lane() {
            return Lane.WITHDRAWAL;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putLong(amountUsd);
        }
    }

    /** Returns every unbonding of the signer whose period has ended (and no longer backs voting power) to its collateral. */
    record WithdrawUnbonded() implements TxBody {
        public int typeCode() {
            return 14;
        }

        public Lane lane() {
            return Lane.WITHDRAWAL;
        }

        public void encodeTo(CanonicalWriter out) {}
    }

    /** Makes the signer's jailed validator electable again once its jail time is over. */
    record Unjail() implements TxBody {
        public int typeCode() {
            return 15;
        }

        public Lane lane() {
            return Lane.WITHDRAWAL;
        }

        public void encodeTo(CanonicalWriter out) {}
    }

    /**
     * Consensus evidence of an equivocation (two conflicting votes signed by {@code evidence.offender()}), reported by
     * any account: while the offender's stake is slashable, the ledger slashes and ejects it. For evidence the
     * consensus no longer carries itself (an earlier epoch, during unbonding).
     */
    record ReportEquivocation(io.ballast.core.consensus.Evidence evidence) implements TxBody {
        public static final int MAX_EVIDENCE_BYTES = 1_024;

        public ReportEquivocation {
            requireNonNull(evidence, "evidence");
        }

        public int typeCode() {
            return 16;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putBytes(evidence.encode());
        }
    }

    /** One bridge attestor's signature over a deposit ({@link AttestedDeposit#attestationMessage}). */
    record Attestation(Bytes32 attestor, io.ballast.core.crypto.Signature signature) {
        public Attestation {
            requireNonNull(attestor, "attestor");
            requireNonNull(signature, "signature");
        }
    }

    /**
     * Credits {@code amountUsd} of external collateral to {@code account} (created if new) on a chain with a bridge:
     * signed (the envelope) by one attestor with the bridge's deposit nonce, and carrying the signatures of other
     * attestors over the same deposit; together at least the genesis threshold of distinct attestors.
     */
    record AttestedDeposit(Bytes32 account, long amountUsd, java.util.List<Attestation> attestations) implements TxBody {
        public static final int MAX_ATTESTATIONS = 16;

        public AttestedDeposit {
            requireNonNull(account, "account");
            requireNonNull(attestations, "attestations");
            attestations = java.util.List.copyOf(attestations);
            if (attestations.size() > MAX_ATTESTATIONS) {
                throw new IllegalArgumentException(attestations.size() + " attestations exceed " + MAX_ATTESTATIONS);
            }
        }

        /** What every attestor signs: domain tag, chain id, the bridge's deposit nonce, account, amount. */
        public static byte[] attestationMessage(String chainId, long depositNonce, Bytes32 account, long amountUsd) {
            return new CanonicalWriter(128).putString("ballast/deposit/v1").putString(chainId).putLong(depositNonce)
                    .putBytes32(account).putLong(amountUsd).toByteArray();
        }

        public int typeCode() {
            return 17;
        }

        public Lane lane() {
            return Lane.ORACLE_LIQUIDATION_TOPUP;
        }

        public void encodeTo(CanonicalWriter out) {
            out.putBytes32(account).putLong(amountUsd).putInt(attestations.size());
            for (Attestation a : attestations) {
                out.putBytes32(a.attestor()).putSignature(a.signature());
            }
        }

        static AttestedDeposit read(CanonicalReader in) {
            Bytes32 account = in.getBytes32();
            long amount = in.getLong();
            int count = in.getCount(MAX_ATTESTATIONS, "attestation");
            java.util.List<Attestation> attestations = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                attestations.add(new Attestation(in.getBytes32(), in.getSignature()));
            }
            return new AttestedDeposit(account, amount, attestations);
        }
    }

    /** Writes the type byte then the fields. */
    static void encode(TxBody body, CanonicalWriter out) {
        out.putByte(body.typeCode());
        body.encodeTo(out);
    }

    /** Reads what {@link #encode} wrote. */
    static TxBody decode(CanonicalReader in) {
        int type = in.getByte();
        try {
            return switch (type) {
                case 1 -> new Deposit(in.getBytes32(), in.getLong());
                case 2 -> new Withdraw(in.getLong());
                case 3 -> new Trade(in.getString(MAX_MARKET_ID_BYTES), in.getLong(), in.getLong());
                case 4 -> new ClosePosition(in.getString(MAX_MARKET_ID_BYTES), in.getLong());
                case 5 -> new LpDeposit(in.getLong());
                case 6 -> new LpWithdraw(in.getLong());
                case 7 -> new Liquidate(in.getBytes32());
                case 8 -> new OracleReport(in.getString(MAX_MARKET_ID_BYTES), in.getLong(), in.getLong());
                case 10 -> new ListOption(in.getString(MAX_MARKET_ID_BYTES), in.getLong(), in.getLong(),
                        io.ballast.core.options.OptionType.ofCode(in.getByte()), in.getLong());
                case 11 -> new VolReport(in.getString(MAX_MARKET_ID_BYTES), in.getLong(), in.getLong());
                case 12 -> new BondStake(in.getLong());
                case 13 -> new Unbond(in.getLong());
                case 14 -> new WithdrawUnbonded();
                case 15 -> new Unjail();
                case 17 -> AttestedDeposit.read(in);
                case 16 -> new ReportEquivocation(io.ballast.core.consensus.Evidence.decode(
                        in.getBytes(ReportEquivocation.MAX_EVIDENCE_BYTES)));
                default -> throw new DecodingException("unknown transaction type " + type);
            };
        } catch (IllegalArgumentException invalid) {
            throw new DecodingException(invalid.getMessage());
        }
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void requireMarketId(String marketId) {
        requireNonNull(marketId, "marketId");
        int bytes = marketId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_MARKET_ID_BYTES) {
            throw new IllegalArgumentException("market id must have 1.." + MAX_MARKET_ID_BYTES + " bytes: " + marketId);
        }
    }
}
