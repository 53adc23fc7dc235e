package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Tally;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Property 5: a rejected transaction changes nothing. Every block with rejections is re-applied,
 * from a copy of the state before it, without its rejected transactions: the state root, the
 * block-start and block-end events and the other transactions' receipts must be identical. Every
 * {@link RejectCode} that execution can give must be produced by the generator.
 */
class RejectionPropertiesTest {

    private static final Tally TALLY = new Tally("rejectedTransactionsLeaveNoTrace");

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void rejectedTransactionsLeaveNoTrace(Seed seed) {
        TALLY.record(PropertyCheck.checkWithCoverage(seed, gen -> Scenarios.scenario(gen, false), Scenario.SHRINKER,
                RejectionPropertiesTest::leaveNoTrace));
    }

    /**
     * Every reject code execution gives on perpetual markets in at least 2 % of the tries (options:
     * OptionPropertiesTest; staking: StakingPropertiesTest; bridge deposits: BridgeTest).
     */
    @AfterAll
    static void everyRejectCodeWasProduced() {
        Map<String, Double> minimums = new LinkedHashMap<>();
        for (RejectCode code : RejectCode.values()) {
            if (code.atExecution() && !code.optionsOnly() && !code.stakingOnly() && !code.bridgeOnly()) {
                minimums.put(code.name(), 2.0);
            }
        }
        TALLY.requireAtLeast(minimums);
    }

    /** Returns which reject codes the run produced. */
    private static Map<String, Boolean> leaveNoTrace(Scenario scenario) {
        Driver driver = new Driver(scenario);
        Ledger replayer = new Ledger(SignatureCheck.preVerified(driver.validHashes));
        EnumSet<RejectCode> seen = EnumSet.noneOf(RejectCode.class);
        driver.run((before, marketsBefore, block, result) -> {
            List<SignedTransaction> kept = new ArrayList<>();
            List<Receipt.Accepted> accepted = new ArrayList<>();
            for (Receipt receipt : result.receipts()) {
                if (receipt instanceof Receipt.Rejected rejected) {
                    seen.add(rejected.code());
                } else {
                    kept.add(receipt.transaction());
                    accepted.add((Receipt.Accepted) receipt);
                }
            }
            if (kept.size() == block.transactions().size()) {
                return;
            }
            BlockResult without = replayer.apply(before, new LedgerBlock(block.height(), block.timeMillis(),
                    block.congestionPpm(), block.recentFinalityMillis(), kept));
            String at = " at height " + block.height();
            assertEquals(result.stateRoot(), without.stateRoot(), "state root with and without the rejected transactions" + at);
            assertEquals(result.startEvents(), without.startEvents(), "block-start events" + at);
            assertEquals(result.endEvents(), without.endEvents(), "block-end events" + at);
            for (int i = 0; i < accepted.size(); i++) {
                Receipt.Accepted expected = accepted.get(i);
                Receipt actual = without.receipts().get(i);
                assertEquals(new Receipt.Accepted(i, expected.transaction(), expected.effect(), expected.priorityFeeUsd(),
                        expected.events()), actual, "receipt of an accepted transaction" + at);
            }
        }, true);
        Map<String, Boolean> labels = new LinkedHashMap<>();
        for (RejectCode code : RejectCode.values()) {
            if (code.optionsOnly() || code.stakingOnly() || code.bridgeOnly()) {
                continue; // the scenarios send none: OptionPropertiesTest, StakingPropertiesTest and BridgeTest cover them
            }
            if (!code.atExecution()) {
                continue; // admission-only refusals: Ledger.apply never produces them
            }
            labels.put(code.name(), seen.contains(code));
        }
        return labels;
    }
}
