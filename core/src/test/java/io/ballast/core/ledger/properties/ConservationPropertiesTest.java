package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Totals;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Tally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/** Property 1: money is neither created nor destroyed, and PnL is zero-sum between traders and the pool. */
class ConservationPropertiesTest {

    private static final Tally TALLY = new Tally("cashAndPnlAreConservedAfterEveryBlock");

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void cashAndPnlAreConservedAfterEveryBlock(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, gen -> Scenarios.scenario(gen, false), Scenario.SHRINKER, scenario -> {
            Driver driver = new Driver(scenario);
            driver.run((before, marketsBefore, block, result) -> check(driver, driver.state), false);
            return Coverage.of(driver);
        }));
    }

    @AfterAll
    static void branchesWereReached() {
        TALLY.requireAtLeast(Coverage.LEDGER_BRANCHES);
    }

    static void check(Driver driver, LedgerState state) {
        Totals totals = state.totals();
        String at = " at height " + state.height();
        assertTrue(totals.cashConserved(), "Totals.cashConserved" + at + ": " + totals);
        assertEquals(totals.netDepositsUsd(), totals.collateralUsd() + totals.poolCashUsd() + totals.insuranceFundUsd(),
                "collateral + pool cash + insurance fund != net deposits" + at);
        assertEquals(driver.externalNetUsd, totals.netDepositsUsd(),
                "net deposits != genesis funds + accepted deposits − accepted withdrawals" + at);

        long collateral = 0;
        long equity = 0;
        long pricePnl = 0;
        long positions = 0;
        for (Bytes32 key : state.accountKeys()) {
            AccountView view = state.accountView(key).orElseThrow();
            collateral += view.collateralUsd();
            equity += view.equityUsd();
            for (PositionView p : view.positions()) {
                pricePnl += p.unrealizedPnlUsd();
                positions++;
            }
        }
        assertEquals(totals.collateralUsd(), collateral, "Σ account collateral" + at);
        assertEquals(totals.traderUnrealizedPnlUsd(), equity - collateral, "trader unrealized PnL != Σ(equity − collateral)" + at);
        assertEquals(0, totals.traderUnrealizedPnlUsd() + totals.poolUnrealizedPnlUsd(), "trader + pool unrealized PnL" + at);
        // collateral + pool + insurance + realized and unrealized PnL (traders' and the pool's) == net deposits
        long poolEquity = totals.poolCashUsd() + totals.poolUnrealizedPnlUsd();
        assertEquals(totals.netDepositsUsd(), equity + poolEquity + totals.insuranceFundUsd(),
                "Σ trader equity + pool equity + insurance != net deposits" + at);
        // the pool's aggregate NAV (Σ basis per market, pending funding excluded) agrees with the positions,
        // up to one micro-USD of flooring per position
        long navFromPositions = totals.poolCashUsd() - pricePnl;
        assertTrue(Math.abs(totals.poolNavUsd() - navFromPositions) <= positions + 1,
                "pool NAV " + totals.poolNavUsd() + " vs cash − Σ position PnL " + navFromPositions + at);
    }
}
