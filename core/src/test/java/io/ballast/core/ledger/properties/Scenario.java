package io.ballast.core.ledger.properties;

import java.util.List;

/**
 * A generated ledger run, kept as plain data so jqwik can shrink it: a genesis variant, the initial
 * deposits, and blocks of abstract operations that {@link Driver} turns into signed transactions
 * against the state at the time the block is built (sizes as leverage of the actor's equity, amounts
 * as fractions of its collateral, and so on).
 */
record Scenario(GenesisSpec genesis, List<Long> initialDepositsUsd, List<BlockSpec> blocks, int snapshotBlock) {

    /**
     * @param insuranceUsd            the genesis insurance fund (small in some variants, so deficits reach ADL and the pool)
     * @param poolUsd                 genesis pool liquidity
     * @param maxLiquidationsPerBlock block-end liquidation cap
     * @param maxAdl                  ADL positions per bankruptcy
     * @param poolReserveRatioPpm     LP withdrawals must leave NAV ≥ this × open interest notional
     */
    record GenesisSpec(List<MarketSpec> markets, long insuranceUsd, long poolUsd, int maxLiquidationsPerBlock, int maxAdl,
                       long poolReserveRatioPpm) {}

    /**
     * One market's parameters. Prices are micro-USD, the OI cap is given as a notional at the initial
     * price (whole USD) and converted by the driver.
     */
    record MarketSpec(long initialMarginPpm, long baseSpreadPpm, long volatilityPpmPerSqrtSecond, long skewImpactScaleUsd,
                      long fundingIntervalMillis, long fundingFactorPpb, long maxFundingRatePpb, long liquidationFeePpm,
                      long liquidatorSharePpm, long stressBufferPpm, int minFreshReports, long maxAgeMillis,
                      long initialPriceUsd, long openInterestCapNotionalUsd) {}

    /**
     * @param dtMillis        time since the previous block (0 allowed: equal times)
     * @param moves           one price move per market (extra entries ignored)
     * @param reportPosition  where the regular oracle reports go among the ops (clamped)
     * @param outage          no oracle report at all, and 10–25 s since the previous block: every index goes stale
     */
    record BlockSpec(long dtMillis, long congestionPpm, long finalityMillis, List<PriceMove> moves, int reportPosition,
                     List<Op> ops, boolean outage) {}

    enum MoveMode { WALK, DIP, CRASH, PUMP, SILENT, LIAR, PARTIAL }

    /** {@code magnitudePpm} is the size of the move (sign from {@code up} for walks); {@code liarFactorPct} the lie. */
    record PriceMove(MoveMode mode, long magnitudePpm, boolean up, int liarFactorPct) {}

    enum Kind { DEPOSIT, WITHDRAW, TRADE, HUGE_TRADE, CLOSE, LP_DEPOSIT, LP_WITHDRAW, LIQUIDATE, REPLAY, ODD_REPORT, STRANGER }

    /** Ways to spoil an otherwise well-formed transaction. */
    enum Mutation { NONE, BAD_SIGNATURE, NONCE_SKIP, NONCE_REUSE, UNKNOWN_MARKET, PRIORITY_FEE }

    /**
     * One abstract operation. {@code actor}/{@code other} index the traders (reduced modulo the
     * count; {@code other == count} means a key without an account), {@code x} is a magnitude and
     * {@code y} a selector whose meaning depends on {@code kind}.
     */
    record Op(Kind kind, int actor, int other, int market, long x, int y, Mutation mutation) {}
}
