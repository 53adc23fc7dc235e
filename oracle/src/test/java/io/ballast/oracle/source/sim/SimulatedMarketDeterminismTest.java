package io.ballast.oracle.source.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.ledger.Units;
import io.ballast.oracle.source.PriceQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedMarketDeterminismTest {
    private static final long ORIGIN_MILLIS = 1_700_000_000_000L;
    private static final int STEPS = 20_000;

    private static SimulatedMarket market(long seed) {
        return new SimulatedMarket(SimulationParams.defaults(seed, ORIGIN_MILLIS));
    }

    private static List<Long> everyStep(SimulatedMarket market, String marketId) {
        List<Long> prices = new ArrayList<>();
        for (int i = 0; i <= STEPS; i++) {
            prices.add(market.quote(marketId, ORIGIN_MILLIS + i * 1_000L).priceUsd());
        }
        return prices;
    }

    @Test
    void sameSeedGivesTheSamePathAndAnotherSeedAnother() {
        assertEquals(everyStep(market(42), "ETH-PERP"), everyStep(market(42), "ETH-PERP"));
        assertNotEquals(everyStep(market(42), "ETH-PERP"), everyStep(market(43), "ETH-PERP"));
    }

    @Test
    void priceAtATimeDoesNotDependOnWhichTimesWereAskedBefore() {
        List<Long> dense = everyStep(market(5), "BTC-PERP");
        SimulatedMarket sparse = market(5);
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 2_000; i++) {
            // forwards, backwards within the kept history and far backwards (replay from the origin)
            long offsetMillis = random.nextLong(0, STEPS * 1_000L + 1_000);
            long step = offsetMillis / 1_000;
            PriceQuote quote = sparse.quote("BTC-PERP", ORIGIN_MILLIS + offsetMillis);
            assertEquals(dense.get((int) step), quote.priceUsd(), "price at step " + step);
            assertEquals(ORIGIN_MILLIS + step * 1_000, quote.timestampMillis());
        }
    }

    @Test
    void quoteTimestampIsTheStepAtOrBeforeTheRequestedTime() {
        SimulatedMarket market = market(1);
        assertEquals(ORIGIN_MILLIS + 2_000, market.quote("BTC-PERP", ORIGIN_MILLIS + 2_999).timestampMillis());
        assertEquals(market.quote("BTC-PERP", ORIGIN_MILLIS + 2_000), market.quote("BTC-PERP", ORIGIN_MILLIS + 2_999));
    }

    @Test
    void startsAtTheStartPriceAndQuotesItBeforeTheOrigin() {
        SimulatedMarket market = market(3);
        assertEquals(new PriceQuote(60_000 * Units.USD_SCALE, ORIGIN_MILLIS), market.quote("BTC-PERP", ORIGIN_MILLIS));
        assertEquals(new PriceQuote(3_000 * Units.USD_SCALE, ORIGIN_MILLIS), market.quote("ETH-PERP", ORIGIN_MILLIS - 60_000));
    }

    @Test
    void addingAMarketLeavesTheOtherPathsUnchanged() {
        SimulationParams btcOnly = SimulationParams.defaults(8, ORIGIN_MILLIS).withMarkets(List.of(MarketSpec.btc()));
        SimulationParams three = btcOnly.withMarkets(List.of(MarketSpec.btc(), MarketSpec.eth(),
                new MarketSpec("SOL-PERP", 150 * Units.USD_SCALE, 0.0, 1.5, 0.6)));
        assertEquals(everyStep(new SimulatedMarket(btcOnly), "BTC-PERP"), everyStep(new SimulatedMarket(three), "BTC-PERP"));
    }

    @Test
    void pricesStayWithinTheLedgersRangeUnderViolentParameters() {
        JumpParams brutal = new JumpParams(100_000, 0.5, 3.0, 0.1, -1.0, 2.0);
        SimulationParams params = SimulationParams.defaults(13, ORIGIN_MILLIS)
                .withFactorVolPerYear(5).withJumps(brutal)
                .withMarkets(List.of(new MarketSpec("X", 1, 0.0, 3.0, 10.0)));
        SimulatedMarket market = new SimulatedMarket(params);
        boolean sawFloor = false;
        boolean sawCeiling = false;
        for (int i = 0; i <= STEPS; i++) {
            long price = market.quote("X", ORIGIN_MILLIS + i * 1_000L).priceUsd();
            assertTrue(price >= 1 && price <= Units.MAX_PRICE_USD, "price " + price);
            sawFloor |= price == 1;
            sawCeiling |= price == Units.MAX_PRICE_USD;
        }
        assertTrue(sawFloor && sawCeiling, "the walk should hit both bounds with these parameters");
    }

    @Test
    void boundsAndValidation() {
        SimulatedMarket market = new SimulatedMarket(SimulationParams.defaults(1, ORIGIN_MILLIS).withMaxStepsPerQuery(1_000));
        assertThrows(IllegalArgumentException.class, () -> market.quote("BTC-PERP", ORIGIN_MILLIS + 1_001_000));
        assertThrows(IllegalArgumentException.class, () -> market.quote("DOGE-PERP", ORIGIN_MILLIS));
        SimulationParams defaults = SimulationParams.defaults(1, ORIGIN_MILLIS);
        assertThrows(IllegalArgumentException.class, () -> defaults.withStepMillis(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withJumps(new JumpParams(1e9, 0, 0, 0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMarkets(List.of(MarketSpec.btc(), MarketSpec.btc())));
        assertThrows(IllegalArgumentException.class, () -> new RegimeChain(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new JumpParams(1, 0, 0, 1.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MarketSpec("BTC-PERP", 0, 0, 1, 0));
    }
}
