package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.PositionView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.TxEffect;
import io.ballast.core.ledger.properties.Driver.Seen;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Tally;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Property 3: while a market's index is stale (safe mode), nothing in it is liquidated, every
 * accepted trade in it only reduces a position, and every accepted withdrawal by an account
 * holding it leaves the account at or above initial margin with stale positions valued at the last
 * fresh price moved against them by the stress buffer (recomputed here independently).
 *
 * <p>The market's status is followed through the block: the status after the previous block,
 * the block-start transitions (SafeModeEntered/Exited), then each accepted oracle report's
 * {@code Reported.safeMode}; it must agree with the state after the block.
 */
class SafeModePropertiesTest {

    private static final Tally TALLY = new Tally("safeModeBlocksLiquidationAndRiskIncrease");
    private static final String STALE_REJECTION = "risk increase rejected as STALE_INDEX";

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void safeModeBlocksLiquidationAndRiskIncrease(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, gen -> Scenarios.scenario(gen, false), Scenario.SHRINKER, scenario -> {
            Driver driver = new Driver(scenario);
            Ledger replayer = new Ledger(SignatureCheck.preVerified(driver.validHashes));
            int[] staleRejections = new int[1];
            driver.run((before, marketsBefore, block, result) ->
                    staleRejections[0] += check(driver, replayer, before, marketsBefore, block, result), true);
            Map<String, Boolean> labels = new LinkedHashMap<>(Coverage.of(driver));
            labels.put(STALE_REJECTION, staleRejections[0] > 0);
            return labels;
        }));
    }

    @AfterAll
    static void branchesWereReached() {
        Map<String, Double> minimums = new LinkedHashMap<>(Coverage.minimums(Map.of(Seen.SAFE_MODE, 50.0,
                Seen.SAFE_MODE_EXITED, 30.0, Seen.STALE_TRADE_ACCEPTED, 5.0, Seen.STALE_WITHDRAWAL_ACCEPTED, 1.5,
                Seen.LIQUIDATION, 25.0)));
        minimums.put(STALE_REJECTION, 10.0);
        TALLY.requireAtLeast(minimums);
    }

    private static int check(Driver driver, Ledger replayer, LedgerState before, List<MarketView> marketsBefore,
                             LedgerBlock block, BlockResult result) {
        List<String> ids = marketsBefore.stream().map(MarketView::id).toList();
        boolean[] stale = new boolean[ids.size()];
        for (int m = 0; m < stale.length; m++) {
            stale[m] = marketsBefore.get(m).safeMode();
        }
        for (LedgerEvent event : result.startEvents()) {
            if (event instanceof LedgerEvent.SafeModeEntered e) {
                stale[ids.indexOf(e.marketId())] = true;
            } else if (event instanceof LedgerEvent.SafeModeExited e) {
                stale[ids.indexOf(e.marketId())] = false;
            }
        }
        int staleRejections = 0;
        String at = " at height " + block.height();
        for (Receipt receipt : result.receipts()) {
            if (receipt instanceof Receipt.Rejected rejected) {
                if (rejected.code() == RejectCode.STALE_INDEX) {
                    staleRejections++;
                }
                continue;
            }
            Receipt.Accepted ok = (Receipt.Accepted) receipt;
            TxEffect effect = ok.effect();
            if (effect instanceof TxEffect.Reported r) {
                stale[ids.indexOf(r.marketId())] = r.safeMode();
            } else if (effect instanceof TxEffect.Traded t && stale[ids.indexOf(t.marketId())]) {
                driver.seen.add(Seen.STALE_TRADE_ACCEPTED);
                long after = t.positionAfterE8();
                long was = after - t.sizeDeltaE8();
                assertTrue(Math.abs(after) < Math.abs(was) && (after == 0 || Long.signum(after) == Long.signum(was)),
                        "risk-increasing trade accepted in safe mode" + at + ": " + t);
            } else if (effect instanceof TxEffect.Withdrew w && holdsStale(before, ok, ids, stale)) {
                driver.seen.add(Seen.STALE_WITHDRAWAL_ACCEPTED);
                checkStressedMargin(driver, replayer, before, block, ok, stale, at);
            }
            for (LedgerEvent event : ok.events()) {
                if (event instanceof LedgerEvent.PositionLiquidated p) {
                    assertFalse(stale[ids.indexOf(p.marketId())], "keeper liquidation in a safe-mode market" + at + ": " + p);
                }
            }
        }
        for (LedgerEvent event : result.endEvents()) {
            if (event instanceof LedgerEvent.PositionLiquidated p) {
                assertFalse(stale[ids.indexOf(p.marketId())], "block-end liquidation in a safe-mode market" + at + ": " + p);
            }
        }
        List<MarketView> after = driver.state.marketViews();
        for (int m = 0; m < stale.length; m++) {
            assertEquals(stale[m], after.get(m).safeMode(), "followed safe-mode status of " + ids.get(m) + at);
        }
        return staleRejections;
    }

    /** Whether the withdrawing account held a position in a then-stale market at block start (a cheap pre-filter). */
    private static boolean holdsStale(LedgerState before, Receipt.Accepted ok, List<String> ids, boolean[] stale) {
        return before.accountView(ok.transaction().signer())
                .map(v -> v.positions().stream().anyMatch(p -> stale[ids.indexOf(p.marketId())])).orElse(false);
    }

    /**
     * Replays the block up to and including the withdrawal on a copy of the state before it, then
     * recomputes equity and initial margin with stale marks stressed: equity ≥ IM must hold.
     */
    private static void checkStressedMargin(Driver driver, Ledger replayer, LedgerState before, LedgerBlock block,
                                            Receipt.Accepted withdrawal, boolean[] staleNow, String at) {
        LedgerState prefix = before.copy();
        LedgerBlock upTo = new LedgerBlock(block.height(), block.timeMillis(), block.congestionPpm(),
                block.recentFinalityMillis(), block.transactions().subList(0, withdrawal.index() + 1));
        BlockResult partial = replayer.apply(prefix, upTo);
        assertTrue(partial.receipts().get(withdrawal.index()).accepted(), "prefix replay diverged" + at);
        var signer = withdrawal.transaction().signer();
        for (LedgerEvent event : partial.endEvents()) {
            if (event instanceof LedgerEvent.AutoDeleveraged a && a.account().equals(signer)) {
                return; // the prefix block's own end-of-block ADL changed the account: not comparable
            }
        }
        AccountView view = prefix.accountView(signer).orElseThrow();
        Map<String, MarketParams> params = new java.util.HashMap<>();
        for (MarketParams p : driver.genesis.markets()) {
            params.put(p.id(), p);
        }
        List<MarketView> markets = prefix.marketViews();
        BigInteger equity = BigInteger.valueOf(view.collateralUsd());
        BigInteger initial = BigInteger.ZERO;
        for (PositionView p : view.positions()) {
            MarketParams mp = params.get(p.marketId());
            boolean stale = markets.stream().filter(m -> m.id().equals(p.marketId())).findFirst().orElseThrow().safeMode();
            BigInteger mark = BigInteger.valueOf(p.markPriceUsd());
            if (stale) {
                BigInteger stress = BigInteger.valueOf(mp.stressBufferPpm());
                mark = p.sizeE8() > 0
                        ? floorDiv(mark.multiply(MILLION.subtract(stress)), MILLION)
                        : ceilDiv(mark.multiply(MILLION.add(stress)), MILLION);
            }
            BigInteger value = floorDiv(BigInteger.valueOf(p.sizeE8()).multiply(mark), BigInteger.valueOf(100_000_000L));
            equity = equity.add(value).subtract(BigInteger.valueOf(p.basisUsd())).subtract(BigInteger.valueOf(p.pendingFundingUsd()));
            initial = initial.add(ceilDiv(value.abs().multiply(BigInteger.valueOf(mp.initialMarginPpm())), MILLION));
        }
        assertTrue(equity.compareTo(initial) >= 0, "withdrawal in safe mode left stressed equity " + equity
                + " below initial margin " + initial + at + ": " + withdrawal.effect() + " " + view);
    }

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000L);

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        return new java.math.BigDecimal(a).divide(new java.math.BigDecimal(b), 0, RoundingMode.FLOOR).toBigInteger();
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        return new java.math.BigDecimal(a).divide(new java.math.BigDecimal(b), 0, RoundingMode.CEILING).toBigInteger();
    }
}
