package io.ballast.core.ledger.properties;

import io.ballast.core.ledger.properties.Scenario.BlockSpec;
import io.ballast.core.ledger.properties.Scenario.GenesisSpec;
import io.ballast.core.ledger.properties.Scenario.Kind;
import io.ballast.core.ledger.properties.Scenario.MarketSpec;
import io.ballast.core.ledger.properties.Scenario.MoveMode;
import io.ballast.core.ledger.properties.Scenario.Mutation;
import io.ballast.core.ledger.properties.Scenario.Op;
import io.ballast.core.ledger.properties.Scenario.PriceMove;
import io.ballast.core.property.Gen;
import java.util.List;

/**
 * Seeded generators for {@link Scenario}s: 2–6 traders, 1–2 markets with non-zero spread, volatility
 * spread, skew impact and funding, 3–10 blocks of 1–6 operations each (10–60 operations in all),
 * random walks, crashes of 30–80 %, pumps, silent (stale) periods, a lying operator, and block-time
 * gaps that cross funding intervals. Every range is uniform; weights are given where a choice is not.
 */
final class Scenarios {
    static final long USD = 1_000_000L;
    private static final MoveMode[] MOVES = {MoveMode.WALK, MoveMode.DIP, MoveMode.CRASH, MoveMode.PUMP, MoveMode.SILENT,
        MoveMode.LIAR, MoveMode.PARTIAL};
    private static final int[] MOVE_WEIGHTS = {10, 4, 3, 2, 2, 2, 1};
    private static final Kind[] KINDS = {Kind.DEPOSIT, Kind.WITHDRAW, Kind.TRADE, Kind.HUGE_TRADE, Kind.CLOSE,
        Kind.LP_DEPOSIT, Kind.LP_WITHDRAW, Kind.LIQUIDATE, Kind.REPLAY, Kind.ODD_REPORT, Kind.STRANGER};
    private static final int[] KIND_WEIGHTS = {3, 3, 14, 2, 3, 3, 3, 4, 1, 1, 1};
    private static final Mutation[] MUTATIONS = {Mutation.NONE, Mutation.BAD_SIGNATURE, Mutation.NONCE_SKIP,
        Mutation.NONCE_REUSE, Mutation.UNKNOWN_MARKET, Mutation.PRIORITY_FEE};
    private static final int[] MUTATION_WEIGHTS = {30, 1, 1, 1, 1, 2};
    /** Redraws of a block list whose operation count is out of range before giving up (never reached in practice). */
    private static final int MAX_REDRAWS = 1_000;

    private Scenarios() {}

    /** Any genesis variant; {@code highLiquidationCap} forces a cap no block can reach. */
    static Scenario scenario(Gen gen, boolean highLiquidationCap) {
        GenesisSpec genesis = genesis(gen, highLiquidationCap);
        int traders = gen.ints(2, 6);
        List<Long> deposits = gen.list(traders, traders, g -> g.longs(500, 60_000));
        List<BlockSpec> blocks = blocks(gen);
        int snapshot = gen.ints(0, 1_000);
        return new Scenario(genesis, deposits, blocks, snapshot % (blocks.size() + 1));
    }

    static GenesisSpec genesis(Gen gen, boolean highLiquidationCap) {
        List<MarketSpec> markets = gen.list(1, 2, Scenarios::market);
        long insurance = switch (gen.weighted(3, 4, 3)) {
            case 0 -> 0;
            case 1 -> gen.longs(1, 2_000);
            default -> 1_000_000;
        };
        long pool = gen.weighted(3, 2) == 0 ? gen.longs(20_000, 200_000) : 10_000_000;
        int liquidationCap = highLiquidationCap ? 10_000 : gen.weighted(1, 3) == 0 ? gen.ints(0, 2) : 20;
        int adl = gen.weighted(1, 3) == 0 ? gen.ints(0, 2) : 50;
        long reserve = gen.oneOfLongs(200_000L, 1_000_000L, 3_000_000L);
        return new GenesisSpec(markets, insurance * USD, pool * USD, liquidationCap, adl, reserve);
    }

    static MarketSpec market(Gen gen) {
        long im = gen.oneOfLongs(50_000L, 100_000L, 200_000L);
        long spread = gen.weighted(1, 4) == 0 ? 0 : gen.longs(100, 3_000);
        long vol = gen.weighted(1, 4) == 0 ? 0 : gen.longs(10, 400);
        long impactScaleUsd = gen.oneOfLongs(200_000L, 2_000_000L, 50_000_000L, 1_000_000_000L);
        long fundingInterval = gen.oneOfLongs(10_000L, 60_000L, 3_600_000L);
        long fundingFactor = gen.oneOfLongs(0L, 1_000_000L, 50_000_000L);
        long maxFunding = gen.oneOfLongs(500_000L, 5_000_000L, 10_000_000L);
        long liqFee = gen.oneOfLongs(0L, 5_000L, 10_000L, 30_000L);
        long share = gen.oneOfLongs(0L, 500_000L, 1_000_000L);
        long stress = gen.oneOfLongs(0L, 50_000L, 100_000L, 250_000L);
        int minFresh = gen.oneOfInts(1, 2);
        long maxAge = gen.oneOfLongs(5_000L, 10_000L);
        long price = gen.oneOfLongs(10_000 * USD, 250 * USD, 1_500_000L);
        long cap = gen.weighted(2, 1) == 0 ? gen.longs(150_000, 2_000_000) : 1_000_000_000L;
        return new MarketSpec(im, spread, vol, impactScaleUsd * USD, fundingInterval, fundingFactor, maxFunding,
                liqFee, share, stress, minFresh, maxAge, price, cap);
    }

    /** 3–10 blocks with 10–60 operations in all (redrawn until the total is in range). */
    static List<BlockSpec> blocks(Gen gen) {
        for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
            List<BlockSpec> blocks = gen.list(3, 10, Scenarios::block);
            int ops = blocks.stream().mapToInt(b -> b.ops().size()).sum();
            if (ops >= 10 && ops <= 60) {
                return blocks;
            }
        }
        throw new IllegalStateException("no block list with 10–60 operations in " + MAX_REDRAWS + " draws");
    }

    static BlockSpec block(Gen gen) {
        long dt = switch (gen.weighted(1, 12, 3, 2)) {
            case 0 -> 0;
            case 1 -> gen.longs(500, 3_000);
            case 2 -> gen.longs(4_000, 20_000);
            default -> gen.longs(30_000, 7_300_000);
        };
        long congestion = gen.weighted(1, 2) == 0 ? 0 : gen.longs(0, 1_000_000);
        long finality = gen.weighted(3, 1) == 0 ? gen.longs(0, 3_000) : gen.longs(3_000, 60_000);
        List<PriceMove> moves = gen.list(2, 2, Scenarios::move);
        int reportPosition = gen.weighted(3, 2) == 0 ? 0 : gen.ints(1, 6);
        List<Op> ops = gen.list(1, 6, Scenarios::op);
        boolean outage = gen.weighted(6, 1) == 1;
        return new BlockSpec(dt, congestion, finality, moves, reportPosition, ops, outage);
    }

    static PriceMove move(Gen gen) {
        MoveMode mode = MOVES[gen.weighted(MOVE_WEIGHTS)];
        return new PriceMove(mode, gen.longs(0, 1_000_000), gen.bool(), gen.oneOfInts(5, 50, 200, 1_000));
    }

    static Op op(Gen gen) {
        Kind kind = KINDS[gen.weighted(KIND_WEIGHTS)];
        Mutation mutation = MUTATIONS[gen.weighted(MUTATION_WEIGHTS)];
        return new Op(kind, gen.ints(0, 5), gen.ints(0, 6), gen.ints(0, 1), gen.longs(0, 1_000_000), gen.ints(0, 99), mutation);
    }
}
