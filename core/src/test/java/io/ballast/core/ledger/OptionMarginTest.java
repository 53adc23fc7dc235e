package io.ballast.core.ledger;

import static io.ballast.core.ledger.LedgerFixtures.btc;
import static io.ballast.core.ledger.LedgerFixtures.usd;
import static io.ballast.core.ledger.OptionFixtures.CALL_30D;
import static io.ballast.core.ledger.OptionFixtures.PUT_30D;
import static io.ballast.core.ledger.OptionFixtures.accepted;
import static io.ballast.core.ledger.OptionFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.OptionType;
import org.junit.jupiter.api.Test;

/**
 * Portfolio margin worked by hand. BTC at 10,000 USD, vol 50%, 30-day 10,000 options; the grid of
 * {@link OptionFixtures#plainOptions}: spot −5%, 0, +5% (the perp's maintenance margin), no vol
 * shocks. The model values at those spots (30 days + 38 s to expiry, from {@link BlackScholes}):
 * <pre>
 *   spot     call      put
 *   9,500   342.32   842.32
 *  10,000   571.38   571.38
 *  10,500   869.20   369.20
 * </pre>
 */
class OptionMarginTest {
    private static final KeyPair ALICE = LedgerFixtures.key("alice");
    private static final long T_AT_TRADE = CALL_30D.expiryMillis() - (LedgerFixtures.GENESIS_TIME_MILLIS + 2_000);

    private static long value(OptionType type, long spotUsd) {
        return BlackScholes.priceUsd(type, spotUsd, usd(10_000), OptionFixtures.VOL, 0, T_AT_TRADE);
    }

    private static LedgerFixtures.Chain funded(Genesis genesis) {
        LedgerFixtures.Chain chain = new LedgerFixtures.Chain(genesis);
        accepted(chain.submit(chain.deposit(ALICE, usd(20_000))));
        return chain;
    }

    @Test
    void shortCallAloneIsMarginedByItsWorstScenario() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        accepted(chain.submit(trade(chain, ALICE, CALL_30D, -btc(1))));
        AccountView view = chain.account(ALICE);
        // worst scenario +5%: the call goes 571.38 → 869.20, the short loses 297.82
        long loss = value(OptionType.CALL, usd(10_500)) - value(OptionType.CALL, usd(10_000));
        assertEquals(297.82, loss / 1e6, 0.005);
        assertEquals(loss, view.maintenanceMarginUsd());
        assertEquals(2 * loss, view.initialMarginUsd());
        // the premium (571.38) was received; equity = collateral − value of the short = 20,000
        assertEquals(usd(20_000) + value(OptionType.CALL, usd(10_000)), view.collateralUsd());
        assertEquals(usd(20_000), view.equityUsd());
    }

    @Test
    void longPutAloneRisksItsValueChange() {
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        accepted(chain.submit(trade(chain, ALICE, PUT_30D, btc(1))));
        // worst scenario +5%: the put goes 571.38 → 369.20, the long loses 202.18; the premium was paid
        long loss = value(OptionType.PUT, usd(10_000)) - value(OptionType.PUT, usd(10_500));
        assertEquals(202.18, loss / 1e6, 0.005);
        assertEquals(loss, chain.account(ALICE).maintenanceMarginUsd());
        assertEquals(usd(20_000) - value(OptionType.PUT, usd(10_000)), chain.collateral(ALICE));
    }

    /**
     * The example: a delta-hedged book needs less than the sum of its legs. Short 1 call
     * (alone: 297.82, above) and long 0.5 BTC-PERP (alone, linear: 0.5 × 10,000 × 5% = 250.00):
     * 547.82 for the legs. Together, at +5% the short call loses 297.82 and the perp gains 250
     * (net −47.82); at −5% the call gains 229.06 and the perp loses 250 (net −20.94): 47.82.
     */
    @Test
    void deltaHedgedBookNeedsLessThanTheSumOfItsLegs() {
        LedgerFixtures.Chain perpOnly = funded(OptionFixtures.standard());
        accepted(perpOnly.submit(perpOnly.trade(ALICE, btc(1) / 2)));
        long perpLeg = perpOnly.account(ALICE).maintenanceMarginUsd();
        assertEquals(usd(250), perpLeg);

        LedgerFixtures.Chain callOnly = funded(OptionFixtures.standard());
        accepted(callOnly.submit(trade(callOnly, ALICE, CALL_30D, -btc(1))));
        long callLeg = callOnly.account(ALICE).maintenanceMarginUsd();

        LedgerFixtures.Chain hedged = funded(OptionFixtures.standard());
        accepted(hedged.submit(trade(hedged, ALICE, CALL_30D, -btc(1))));
        accepted(hedged.block(hedged.trade(ALICE, btc(1) / 2)).receipts().get(0));
        AccountView view = hedged.account(ALICE);
        long upLoss = (value(OptionType.CALL, usd(10_500)) - value(OptionType.CALL, usd(10_000))) - usd(250);
        assertEquals(47.82, upLoss / 1e6, 0.005);
        // the hedge traded one block later: the call is then 1 s closer to expiry, a few micro-USD apart
        assertEquals(upLoss, view.maintenanceMarginUsd(), 50);
        assertTrue(view.maintenanceMarginUsd() < (perpLeg + callLeg) / 10,
                "hedged " + view.maintenanceMarginUsd() + " vs legs " + perpLeg + " + " + callLeg);
        // greeks of the book: delta = 0.5 − 0.5286 (per unit delta of the call), in E8 units
        GreeksView greeks = view.greeks().get(0);
        assertEquals(btc(1) / 2 + view.optionPositions().get(0).deltaE8(), greeks.deltaE8());
    }

    @Test
    void aPerpInAGridBookKeepsItsLinearMargin() {
        // long 1 BTC-PERP and long 0.1 of the 7-day 11,000 call: at −5% the perp loses 500 (its linear maintenance
        // margin, exactly) and the call 0.1 × (C(10,000) − C(9,500)); the 2× multiple gives the perp's 10% back
        LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
        accepted(chain.submit(chain.trade(ALICE, btc(1))));
        AccountView linear = chain.account(ALICE);
        accepted(chain.block(trade(chain, ALICE, OptionFixtures.CALL_7D_OTM, btc(1) / 10)).receipts().get(0));
        AccountView grid = chain.account(ALICE);
        assertEquals(linear.maintenanceMarginUsd(), usd(500));
        long t = OptionFixtures.CALL_7D_OTM.expiryMillis() - (LedgerFixtures.GENESIS_TIME_MILLIS + 3_000);
        long callLoss = (BlackScholes.priceUsd(OptionType.CALL, usd(10_000), usd(11_000), OptionFixtures.VOL, 0, t)
                - BlackScholes.priceUsd(OptionType.CALL, usd(9_500), usd(11_000), OptionFixtures.VOL, 0, t)) / 10;
        assertEquals(usd(500) + callLoss, grid.maintenanceMarginUsd(), 2);
        assertEquals(2 * grid.maintenanceMarginUsd(), grid.initialMarginUsd());
    }

    @Test
    void shortFloorVolShocksAndExtremesAddToMaintenance() {
        OptionMarketParams params = OptionFixtures.plainOptions().shortOptionFloorPpm(5_000).build();
        LedgerFixtures.Chain chain = funded(OptionFixtures.genesis(params, CALL_30D, PUT_30D));
        accepted(chain.submit(trade(chain, ALICE, CALL_30D, -btc(1))));
        long loss = value(OptionType.CALL, usd(10_500)) - value(OptionType.CALL, usd(10_000));
        // floor: 0.5% × 10,000 × 1 unit short = 50
        assertEquals(loss + usd(50), chain.account(ALICE).maintenanceMarginUsd());

        // vol up 45% at the 30-day reference (scale (30/30.0004)^0.3 ≈ 1): the ATM short call at +5% spot and
        // vol 72.5% is worth more than at vol 50%
        OptionMarketParams shocked = OptionFixtures.plainOptions().volShocks(450_000, 300_000).build();
        LedgerFixtures.Chain volChain = funded(OptionFixtures.genesis(shocked, CALL_30D));
        accepted(volChain.submit(trade(volChain, ALICE, CALL_30D, -btc(1))));
        double scale = StrictMath.pow(30.0 / (T_AT_TRADE / (double) OptionFixtures.DAY), 0.13);
        long upVol = Math.round(OptionFixtures.VOL * (1 + 0.45 * scale));
        long shockedLoss = BlackScholes.priceUsd(OptionType.CALL, usd(10_500), usd(10_000), upVol, 0, T_AT_TRADE)
                - value(OptionType.CALL, usd(10_000));
        assertEquals(shockedLoss, volChain.account(ALICE).maintenanceMarginUsd(), 2_000);
        assertTrue(volChain.account(ALICE).maintenanceMarginUsd() > loss + usd(100));
    }

    @Test
    void marginIsMonotoneInPositionSize() {
        long previous = 0;
        for (int units = 1; units <= 5; units++) {
            LedgerFixtures.Chain chain = funded(OptionFixtures.standard());
            accepted(chain.submit(trade(chain, ALICE, CALL_30D, -btc(units) / 2)));
            long mm = chain.account(ALICE).maintenanceMarginUsd();
            assertTrue(mm > previous, units + ": " + mm + " after " + previous);
            previous = mm;
        }
    }
}
