package io.ballast.core.ledger.properties;

import io.ballast.core.property.Shrinker.Candidate;
import io.ballast.core.property.Shrinker;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated ledger run, kept as plain data so that a failing run can be shrunk: a genesis variant, the initial
 * deposits, and blocks of abstract operations that {@link Driver} turns into signed transactions
 * against the state at the time the block is built (sizes as leverage of the actor's equity, amounts
 * as fractions of its collateral, and so on).
 */
record Scenario(GenesisSpec genesis, List<Long> initialDepositsUsd, List<BlockSpec> blocks, int snapshotBlock) {

    /**
     * Smaller scenarios from the same seed: the shortest prefixes of the blocks first (the first that fails is the
     * shortest failing prefix), then without one block, then each block with fewer operations, then fewer traders.
     */
    static final Shrinker<Scenario> SHRINKER = scenario -> {
        List<Candidate<Scenario>> out = new ArrayList<>(
                Shrinker.map(Shrinker.shorterLists(scenario.blocks(), 0, "blocks"), scenario::withBlocks));
        for (int b = 0; b < scenario.blocks().size(); b++) {
            int block = b;
            BlockSpec spec = scenario.blocks().get(b);
            for (Candidate<List<Op>> ops : Shrinker.shorterLists(spec.ops(), 0, "ops")) {
                List<BlockSpec> blocks = new ArrayList<>(scenario.blocks());
                blocks.set(block, spec.withOps(ops.value()));
                out.add(new Candidate<>(scenario.withBlocks(blocks), "block " + block + ": " + ops.step()));
            }
        }
        if (scenario.initialDepositsUsd().size() > 2) {
            int traders = scenario.initialDepositsUsd().size() - 1;
            out.add(new Candidate<>(new Scenario(scenario.genesis(), scenario.initialDepositsUsd().subList(0, traders),
                    scenario.blocks(), scenario.snapshotBlock()), traders + " traders"));
        }
        return out;
    };

    Scenario withBlocks(List<BlockSpec> blocks) {
        return new Scenario(genesis, initialDepositsUsd, List.copyOf(blocks), Math.min(snapshotBlock, blocks.size()));
    }

    int operationCount() {
        return blocks.stream().mapToInt(b -> b.ops().size()).sum();
    }

    /** One line per block: what a failure report shows. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(blocks.size()).append(" blocks, ").append(operationCount()).append(" operations, snapshot before block ")
                .append(snapshotBlock).append("\n    ").append(initialDepositsUsd.size()).append(" traders, deposits (USD) ")
                .append(initialDepositsUsd).append("\n    ").append(genesis);
        for (int b = 0; b < blocks.size(); b++) {
            out.append("\n    block ").append(b).append(": ").append(blocks.get(b));
        }
        return out.toString();
    }

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
                     List<Op> ops, boolean outage) {
        BlockSpec withOps(List<Op> fewer) {
            return new BlockSpec(dtMillis, congestionPpm, finalityMillis, moves, reportPosition, fewer, outage);
        }
    }

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
