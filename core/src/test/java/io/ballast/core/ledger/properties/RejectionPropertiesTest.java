package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.RejectCode;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property 5: a rejected transaction changes nothing. Every block with rejections is re-applied,
 * from a copy of the state before it, without its rejected transactions: the state root, the
 * block-start and block-end events and the other transactions' receipts must be identical. Every
 * {@link RejectCode} must be produced by the generator.
 */
class RejectionPropertiesTest {

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Scenarios.scenarios(false);
    }

    @Property
    void rejectedTransactionsLeaveNoTrace(@ForAll("scenarios") Scenario scenario) {
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
        for (RejectCode code : RejectCode.values()) {
            if (code.optionsOnly()) {
                continue; // perpetual-only scenarios cannot produce these: OptionPropertiesTest covers each one
            }
            if (!code.atExecution()) {
                continue; // admission-only refusals: Ledger.apply never produces them
            }
            Statistics.label(code.name()).collect(seen.contains(code));
            Statistics.label(code.name()).coverage(c -> c.check(true).percentage(p -> p >= 2.0));
        }
    }
}
