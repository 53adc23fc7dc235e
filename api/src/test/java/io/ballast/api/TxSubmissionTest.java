package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.actors.validator.TxAdmission;
import org.junit.jupiter.api.Test;

/** Mempool refusals and parsing map to their own problem codes and 4xx statuses. */
class TxSubmissionTest {
    @Test
    void aFullLaneIsTooManyRequestsWithRetryAfter() {
        ApiError full = TxSubmission.refusal(TxAdmission.refused("ab", TxAdmission.Refusal.LANE_FULL, null, 1_500, "lane 2 holds 50000"));
        assertEquals(429, full.status());
        assertEquals("LANE_FULL", full.code());
        assertEquals(2, full.retryAfterSeconds());
        assertEquals("Retry-After", ApiRoutes.problemResponse(full).getHeader("Retry-After").orElseThrow().name());
        assertEquals(409, TxSubmission.refusal(TxAdmission.refused("ab", TxAdmission.Refusal.ALREADY_COMMITTED, null, 0, "")).status());
        assertEquals(413, TxSubmission.refusal(TxAdmission.refused("ab", TxAdmission.Refusal.TOO_LARGE, null, 0, "600 bytes")).status());
        assertEquals("BAD_SIGNATURE", TxSubmission.refusal(TxAdmission.refused("ab", TxAdmission.Refusal.INVALID,
                io.ballast.core.ledger.RejectCode.BAD_SIGNATURE, 0, "the signature does not verify")).code());
    }

    @Test
    void parsingRefusesWithItsOwnCodes() {
        assertEquals("MALFORMED_JSON", assertThrows(ApiError.class, () -> TxSubmission.parse("{")).code());
        assertEquals("MALFORMED_JSON", assertThrows(ApiError.class, () -> TxSubmission.parse("[1]")).code());
        assertEquals("MALFORMED_JSON", assertThrows(ApiError.class, () -> TxSubmission.parse(
                "{\"type\":\"withdraw\",\"amountUsd\":1e999999999}")).code());
        assertEquals("BAD_AMOUNT", assertThrows(ApiError.class, () -> TxSubmission.parse(
                "{\"type\":\"withdraw\",\"amountUsd\":" + "9".repeat(50) + "}")).code());
        assertEquals("UNKNOWN_FIELD", assertThrows(ApiError.class, () -> TxSubmission.parse(
                "{\"type\":\"withdraw\",\"amountUsd\":\"1\",\"extra\":1}")).code());
    }
}
