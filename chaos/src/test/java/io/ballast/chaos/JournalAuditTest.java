package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.actors.chain.TxReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How acknowledged receipts are matched when one transaction was included in several blocks. */
class JournalAuditTest {
    private static final String TX = "ab".repeat(32);

    @Test
    void aResubmissionRejectedForItsNonceAfterTheTransactionAppliedDoesNotLoseTheAck() {
        // seen in the suite: accepted at 387, the same bytes proposed again by a lagging validator at 428
        Map<String, List<TxReceipt>> inclusions = Map.of(TX, List.of(new TxReceipt(TX, 387, 1, true, "OK", ""),
                new TxReceipt(TX, 428, 17, false, "BAD_NONCE", "nonce 148, expected 161")));
        List<String> problems = new ArrayList<>();
        assertEquals(0, JournalAudit.check(List.of(new JournalAudit.Ack(TX, 387, 1, true, "OK")), inclusions, problems));
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void anAckOfTheRejectedDuplicateContradictsTheAppliedTransaction() {
        Map<String, List<TxReceipt>> inclusions = Map.of(TX, List.of(new TxReceipt(TX, 387, 1, true, "OK", ""),
                new TxReceipt(TX, 428, 17, false, "BAD_NONCE", "")));
        List<String> problems = new ArrayList<>();
        assertEquals(1, JournalAudit.check(List.of(new JournalAudit.Ack(TX, 428, 17, false, "BAD_NONCE")), inclusions,
                problems));
    }

    @Test
    void anAckMissingFromTheJournalIsLostAndADoubleApplicationIsAProblem() {
        List<String> problems = new ArrayList<>();
        assertEquals(1, JournalAudit.check(List.of(new JournalAudit.Ack(TX, 5, 0, true, "OK")), Map.of(), problems));
        problems.clear();
        JournalAudit.check(List.of(), Map.of(TX, List.of(new TxReceipt(TX, 5, 0, true, "OK", ""),
                new TxReceipt(TX, 9, 0, true, "OK", ""))), problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("applied more than once"));
    }
}
