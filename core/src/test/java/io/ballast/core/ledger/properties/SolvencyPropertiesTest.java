package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Tally;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Property 2: no account ends a block below zero equity, or liquidatable, unless it holds a
 * position in a safe-mode market or the block recorded an insurance draw, ADL or pool absorption
 * that touched it. The per-block liquidation cap is set out of reach here. Accounts without
 * positions never hold negative collateral.
 */
class SolvencyPropertiesTest {

    private static final Tally TALLY = new Tally("noNegativeEquityExceptThroughRecordedWaterfall");

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void noNegativeEquityExceptThroughRecordedWaterfall(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, gen -> Scenarios.scenario(gen, true), Scenario.SHRINKER, scenario -> {
            Driver driver = new Driver(scenario);
            int[] exempted = new int[1];
            driver.run((before, marketsBefore, block, result) -> exempted[0] += check(driver.state, result), false);
            Map<String, Boolean> labels = new LinkedHashMap<>(Coverage.of(driver));
            labels.put("exempted (safe mode or ADL-touched)", exempted[0] > 0);
            return labels;
        }));
    }

    @AfterAll
    static void branchesWereReached() {
        TALLY.requireAtLeast(Coverage.LEDGER_BRANCHES);
    }

    /** Returns how many accounts were exempt (to show the exemption is not the common case). */
    static int check(LedgerState state, BlockResult result) {
        Set<String> safeMode = new HashSet<>();
        for (MarketView market : state.marketViews()) {
            if (market.safeMode()) {
                safeMode.add(market.id());
            }
        }
        Set<Bytes32> waterfall = new HashSet<>();
        for (LedgerEvent event : events(result)) {
            if (event instanceof LedgerEvent.InsuranceDraw d) {
                waterfall.add(d.account());
            } else if (event instanceof LedgerEvent.AutoDeleveraged a) {
                waterfall.add(a.bankrupt());
                waterfall.add(a.account());
            } else if (event instanceof LedgerEvent.PoolAbsorbedDeficit p) {
                waterfall.add(p.account());
            }
        }
        int exempted = 0;
        for (Bytes32 key : state.accountKeys()) {
            AccountView view = state.accountView(key).orElseThrow();
            String at = key.shortHex() + " at height " + state.height() + ": " + view;
            if (view.positions().isEmpty()) {
                assertTrue(view.collateralUsd() >= 0, "negative collateral without a position " + at);
                assertTrue(view.equityUsd() >= 0, "negative equity without a position " + at);
                continue;
            }
            boolean inSafeMode = view.positions().stream().map(PositionView::marketId).anyMatch(safeMode::contains);
            boolean bad = view.equityUsd() < 0 || view.liquidatable();
            if (!bad) {
                continue;
            }
            if (inSafeMode || waterfall.contains(key)) {
                exempted++;
                continue;
            }
            fail((view.equityUsd() < 0 ? "negative equity" : "still liquidatable")
                    + " after the block-end liquidation pass, no safe-mode market, no waterfall event: " + at);
        }
        return exempted;
    }

    static List<LedgerEvent> events(BlockResult result) {
        List<LedgerEvent> events = new ArrayList<>(result.startEvents());
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Accepted ok) {
                events.addAll(ok.events());
            }
        }
        events.addAll(result.endEvents());
        return events;
    }
}
