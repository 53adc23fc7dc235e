package io.ballast.core.ledger.properties;

import io.ballast.core.ledger.properties.Scenario.BlockSpec;
import io.ballast.core.ledger.properties.Scenario.GenesisSpec;
import io.ballast.core.ledger.properties.Scenario.Kind;
import io.ballast.core.ledger.properties.Scenario.MarketSpec;
import io.ballast.core.ledger.properties.Scenario.MoveMode;
import io.ballast.core.ledger.properties.Scenario.Mutation;
import io.ballast.core.ledger.properties.Scenario.Op;
import io.ballast.core.ledger.properties.Scenario.PriceMove;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generators for {@link Scenario}s: 2–6 traders, 1–2 markets with non-zero spread, volatility
 * spread, skew impact and funding, 3–10 blocks of 1–6 operations each (10–60 operations in all),
 * random walks, crashes of 30–80 %, pumps, silent (stale) periods, a lying operator, and block-time
 * gaps that cross funding intervals.
 */
final class Scenarios {
    static final long USD = 1_000_000L;

    private Scenarios() {}

    /** Uniform: jqwik's default integral distribution is biased towards the shrink target (0). */
    static Arbitrary<Long> longs(long min, long max) {
        return Arbitraries.longs().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    static Arbitrary<Integer> ints(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    /** Any genesis variant; {@code highLiquidationCap} forces a cap no block can reach. */
    static Arbitrary<Scenario> scenarios(boolean highLiquidationCap) {
        Arbitrary<GenesisSpec> genesis = genesis(highLiquidationCap);
        Arbitrary<Integer> traders = ints(2, 6);
        return Combinators.combine(genesis, traders.flatMap(n -> longs(500, 60_000).list().ofSize(n)),
                        blocks(), ints(0, 1_000))
                .as((g, deposits, blocks, snapshot) -> new Scenario(g, deposits, blocks, snapshot % (blocks.size() + 1)));
    }

    static Arbitrary<GenesisSpec> genesis(boolean highLiquidationCap) {
        Arbitrary<Long> insurance = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(4, longs(1, 2_000)),
                Tuple.of(3, Arbitraries.just(1_000_000L)));
        Arbitrary<Long> pool = Arbitraries.frequencyOf(
                Tuple.of(3, longs(20_000, 200_000)),
                Tuple.of(2, Arbitraries.just(10_000_000L)));
        Arbitrary<Integer> liquidationCap = highLiquidationCap ? Arbitraries.just(10_000)
                : Arbitraries.frequencyOf(Tuple.of(1, ints(0, 2)), Tuple.of(3, Arbitraries.just(20)));
        Arbitrary<Integer> adl = Arbitraries.frequencyOf(Tuple.of(1, ints(0, 2)),
                Tuple.of(3, Arbitraries.just(50)));
        Arbitrary<Long> reserve = Arbitraries.of(200_000L, 1_000_000L, 3_000_000L);
        return Combinators.combine(market().list().ofMinSize(1).ofMaxSize(2), insurance, pool, liquidationCap, adl, reserve)
                .as((markets, i, p, cap, a, r) -> new GenesisSpec(markets, i * USD, p * USD, cap, a, r));
    }

    static Arbitrary<MarketSpec> market() {
        Arbitrary<Long> im = Arbitraries.of(50_000L, 100_000L, 200_000L);
        Arbitrary<Long> spread = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(4, longs(100, 3_000)));
        Arbitrary<Long> vol = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(4, longs(10, 400)));
        Arbitrary<Long> impactScaleUsd = Arbitraries.of(200_000L, 2_000_000L, 50_000_000L, 1_000_000_000L);
        Arbitrary<Long> fundingInterval = Arbitraries.of(10_000L, 60_000L, 3_600_000L);
        Arbitrary<Long> fundingFactor = Arbitraries.of(0L, 1_000_000L, 50_000_000L);
        Arbitrary<Long> maxFunding = Arbitraries.of(500_000L, 5_000_000L, 10_000_000L);
        Arbitrary<Long> liqFee = Arbitraries.of(0L, 5_000L, 10_000L, 30_000L);
        Arbitrary<Long> share = Arbitraries.of(0L, 500_000L, 1_000_000L);
        Arbitrary<Long> stress = Arbitraries.of(0L, 50_000L, 100_000L, 250_000L);
        Arbitrary<Integer> minFresh = Arbitraries.of(1, 2);
        Arbitrary<Long> maxAge = Arbitraries.of(5_000L, 10_000L);
        Arbitrary<Long> price = Arbitraries.of(10_000 * USD, 250 * USD, 1_500_000L);
        Arbitrary<Long> cap = Arbitraries.frequencyOf(Tuple.of(2, longs(150_000, 2_000_000)),
                Tuple.of(1, Arbitraries.just(1_000_000_000L)));
        Arbitrary<long[]> first = Combinators.combine(im, spread, vol, impactScaleUsd, fundingInterval, fundingFactor, maxFunding)
                .as((a, b, c, d, e, f, g) -> new long[] {a, b, c, d, e, f, g});
        Arbitrary<long[]> second = Combinators.combine(liqFee, share, stress, minFresh, maxAge, price, cap)
                .as((a, b, c, d, e, f, g) -> new long[] {a, b, c, d, e, f, g});
        return Combinators.combine(first, second).as((p, q) -> new MarketSpec(p[0], p[1], p[2], p[3] * USD, p[4], p[5], p[6],
                q[0], q[1], q[2], (int) q[3], q[4], q[5], q[6]));
    }

    static Arbitrary<java.util.List<BlockSpec>> blocks() {
        return block().list().ofMinSize(3).ofMaxSize(10)
                .filter(bs -> {
                    int ops = bs.stream().mapToInt(b -> b.ops().size()).sum();
                    return ops >= 10 && ops <= 60;
                });
    }

    static Arbitrary<BlockSpec> block() {
        Arbitrary<Long> dt = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(12, longs(500, 3_000)),
                Tuple.of(3, longs(4_000, 20_000)),
                Tuple.of(2, longs(30_000, 7_300_000)));
        Arbitrary<Long> congestion = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(2, longs(0, 1_000_000)));
        Arbitrary<Long> finality = Arbitraries.frequencyOf(Tuple.of(3, longs(0, 3_000)),
                Tuple.of(1, longs(3_000, 60_000)));
        return Combinators.combine(dt, congestion, finality, move().list().ofSize(2),
                        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, ints(1, 6))),
                        op().list().ofMinSize(1).ofMaxSize(6),
                        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
                .as(BlockSpec::new)
                .withoutEdgeCases();
    }

    static Arbitrary<PriceMove> move() {
        Arbitrary<MoveMode> mode = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(MoveMode.WALK)),
                Tuple.of(4, Arbitraries.just(MoveMode.DIP)),
                Tuple.of(3, Arbitraries.just(MoveMode.CRASH)),
                Tuple.of(2, Arbitraries.just(MoveMode.PUMP)),
                Tuple.of(2, Arbitraries.just(MoveMode.SILENT)),
                Tuple.of(2, Arbitraries.just(MoveMode.LIAR)),
                Tuple.of(1, Arbitraries.just(MoveMode.PARTIAL)));
        return Combinators.combine(mode, longs(0, 1_000_000), Arbitraries.of(true, false),
                        Arbitraries.of(5, 50, 200, 1_000))
                .as(PriceMove::new)
                .withoutEdgeCases();
    }

    static Arbitrary<Op> op() {
        Arbitrary<Kind> kind = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Kind.DEPOSIT)),
                Tuple.of(3, Arbitraries.just(Kind.WITHDRAW)),
                Tuple.of(14, Arbitraries.just(Kind.TRADE)),
                Tuple.of(2, Arbitraries.just(Kind.HUGE_TRADE)),
                Tuple.of(3, Arbitraries.just(Kind.CLOSE)),
                Tuple.of(3, Arbitraries.just(Kind.LP_DEPOSIT)),
                Tuple.of(3, Arbitraries.just(Kind.LP_WITHDRAW)),
                Tuple.of(4, Arbitraries.just(Kind.LIQUIDATE)),
                Tuple.of(1, Arbitraries.just(Kind.REPLAY)),
                Tuple.of(1, Arbitraries.just(Kind.ODD_REPORT)),
                Tuple.of(1, Arbitraries.just(Kind.STRANGER)));
        Arbitrary<Mutation> mutation = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just(Mutation.NONE)),
                Tuple.of(1, Arbitraries.just(Mutation.BAD_SIGNATURE)),
                Tuple.of(1, Arbitraries.just(Mutation.NONCE_SKIP)),
                Tuple.of(1, Arbitraries.just(Mutation.NONCE_REUSE)),
                Tuple.of(1, Arbitraries.just(Mutation.UNKNOWN_MARKET)),
                Tuple.of(2, Arbitraries.just(Mutation.PRIORITY_FEE)));
        return Combinators.combine(kind, ints(0, 5), ints(0, 6),
                        ints(0, 1), longs(0, 1_000_000),
                        ints(0, 99), mutation)
                .as(Op::new)
                .withoutEdgeCases(); // the all-zero edge case (an overflowing deposit by trader 0) would crowd out the rest
    }
}
