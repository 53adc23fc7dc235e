package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerFixtures.Chain;
import io.ballast.core.ledger.LedgerFixtures;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.math.Fixed;
import io.ballast.core.property.Gen;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker;
import io.ballast.core.property.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

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

    private static final Tally TALLY = new Tally("adlOfFundingPayersNeverLeavesNegativeCollateral");

    /** One try's parameters (each range's bounds drawn more often than the values between them). */
    record Input(long priceUsd, int tiltSizePct, int loserLeveragePctOfMax, int winnerLeveragePctOfMax, int intervals,
                 int jumpPct, boolean up, long insuranceUsd) {
        static Input generate(Gen gen) {
            return new Input(gen.longsWithBounds(1_000, 50_000), gen.intsWithBounds(0, 100), gen.intsWithBounds(10, 100),
                    gen.intsWithBounds(10, 100), gen.intsWithBounds(1, 40), gen.intsWithBounds(10, 150), gen.bool(),
                    gen.longsWithBounds(0, 3_000));
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void adlOfFundingPayersNeverLeavesNegativeCollateral(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, Input::generate, Shrinker.none(), AdlFundingPropertiesTest::run));
    }

    @AfterAll
    static void adlWasReached() {
        TALLY.requireAtLeast(Map.of("ADL", 20.0, "funding payer deleveraged", 10.0));
    }

    private static Map<String, Boolean> run(Input input) {
        long priceUsd = input.priceUsd();
        int tiltSizePct = input.tiltSizePct();
        int loserLeveragePctOfMax = input.loserLeveragePctOfMax();
        int winnerLeveragePctOfMax = input.winnerLeveragePctOfMax();
        int intervals = input.intervals();
        int jumpPct = input.jumpPct();
        boolean up = input.up();
        long insuranceUsd = input.insuranceUsd();
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
        return Map.of("ADL", adl, "funding payer deleveraged", adlOfPayer);
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
