package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The deficit waterfall when the winners owe funding: a losing third party tilts the skew so that
 * the profitable side pays funding, a long gap charges many intervals, and a price jump in the same
 * block bankrupts the other side. After every block: conservation, no account without a position
 * holds negative collateral, and the solvency rules of {@link SolvencyPropertiesTest} hold.
 */
class AdlFundingPropertiesTest {
    private static final KeyPair TILT = LedgerFixtures.key("adl-tilt");
    private static final KeyPair LOSER = LedgerFixtures.key("adl-loser");
    private static final KeyPair WINNER = LedgerFixtures.key("adl-winner");

    @Property
    void adlOfFundingPayersNeverLeavesNegativeCollateral(
            @ForAll @LongRange(min = 1_000, max = 50_000) long priceUsd,
            @ForAll @IntRange(min = 0, max = 100) int tiltSizePct,
            @ForAll @IntRange(min = 10, max = 100) int loserLeveragePctOfMax,
            @ForAll @IntRange(min = 10, max = 100) int winnerLeveragePctOfMax,
            @ForAll @IntRange(min = 1, max = 40) int intervals,
            @ForAll @IntRange(min = 10, max = 150) int jumpPct,
            @ForAll boolean up,
            @ForAll @LongRange(min = 0, max = 3_000) long insuranceUsd) {
        MarketParams market = LedgerFixtures.simpleMarket()
                .baseSpreadPpm(500)
                .funding(60_000, 1_000_000_000, 10_000_000)
                .initialIndexPriceUsd(priceUsd * Units.USD_SCALE)
                .maxOpenInterestE8(Long.MAX_VALUE / 4)
                .build();
        Chain chain = new Chain(LedgerFixtures.genesis(market).withFunds(insuranceUsd * Units.USD_SCALE, 10_000_000 * Units.USD_SCALE));
        long price = priceUsd * Units.USD_SCALE;
        long sign = up ? 1 : -1; // the loser is short when the price jumps up
        List<BlockResult> results = new ArrayList<>();
        results.add(chain.block(chain.deposit(TILT, 1_000_000 * Units.USD_SCALE), chain.deposit(LOSER, 5_000 * Units.USD_SCALE),
                chain.deposit(WINNER, 1_000 * Units.USD_SCALE)));
        check(chain, results);

        // the tilting party opens on the winner's side at a price it will never see again: it stays a loser
        long far = up ? price * 2 : price / 2;
        results.add(chain.setPrice(far));
        long tiltSize = sizeFor(100_000L * Units.USD_SCALE * tiltSizePct / 100, far);
        if (tiltSize > 0) {
            results.add(chain.block(chain.trade(TILT, LedgerFixtures.BTC, sign * tiltSize, sign > 0 ? Units.MAX_PRICE_USD : 1)));
        }
        results.add(chain.setPrice(price));
        long loserSize = sizeFor(5_000L * Units.USD_SCALE * 9 * loserLeveragePctOfMax / 100, price);
        long winnerSize = sizeFor(1_000L * Units.USD_SCALE * 9 * winnerLeveragePctOfMax / 100, price);
        results.add(chain.block(chain.trade(LOSER, LedgerFixtures.BTC, -sign * loserSize, sign < 0 ? Units.MAX_PRICE_USD : 1),
                chain.trade(WINNER, LedgerFixtures.BTC, sign * winnerSize, sign > 0 ? Units.MAX_PRICE_USD : 1)));
        check(chain, results);

        long jumped = Fixed.mulDiv(price, 100 + sign * jumpPct, 100);
        long time = chain.now() + intervals * 60_000L;
        List<SignedTransaction> reports = new ArrayList<>();
        for (KeyPair oracle : LedgerFixtures.ORACLES) {
            reports.add(chain.report(oracle, LedgerFixtures.BTC, Math.max(1, jumped), time));
        }
        results.add(chain.blockAt(time, reports.toArray(new SignedTransaction[0])));
        check(chain, results);
        results.add(chain.block());
        check(chain, results);

        boolean adl = false;
        boolean adlOfPayer = false;
        for (BlockResult result : results) {
            for (LedgerEvent event : SolvencyPropertiesTest.events(result)) {
                if (event instanceof LedgerEvent.AutoDeleveraged a) {
                    adl = true;
                    adlOfPayer |= a.account().equals(WINNER.publicKey());
                }
            }
        }
        Statistics.label("ADL").collect(adl);
        Statistics.label("ADL").coverage(c -> c.check(true).percentage(p -> p >= 20));
        Statistics.label("funding payer deleveraged").collect(adlOfPayer);
        Statistics.label("funding payer deleveraged").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    private static long sizeFor(long notionalUsd, long priceUsd) {
        return Fixed.mulDiv(notionalUsd, Units.SIZE_SCALE, priceUsd);
    }

    private static void check(Chain chain, List<BlockResult> results) {
        assertTrue(chain.state.totals().cashConserved(), "conservation");
        for (Bytes32 key : chain.state.accountKeys()) {
            AccountView view = chain.state.accountView(key).orElseThrow();
            assertTrue(!view.positions().isEmpty() || view.collateralUsd() >= 0, "negative collateral without a position: " + view);
        }
        SolvencyPropertiesTest.check(chain.state, results.get(results.size() - 1));
    }
}
