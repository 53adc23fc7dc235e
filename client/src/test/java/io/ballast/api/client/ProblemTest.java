package io.ballast.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.api.model.Problem;
import io.ballast.api.model.TxReceiptView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems as the API writes and the client reads them (RFC 9457, with a block position only when there is one). */
class ProblemTest {
    private static final String HASH = "ab".repeat(32);

    @Test
    void aProblemWithoutABlockPositionLeavesItsFieldsOut() throws Exception {
        Problem problem = Problem.of(404, "TX_NOT_FOUND", "no such transaction");
        String json = new String(ApiJson.bytes(problem), StandardCharsets.UTF_8);
        assertEquals("https://ballast.dev/problems/tx-not-found", problem.type());
        assertEquals("Tx not found", problem.title());
        assertFalse(json.contains("txHash") || json.contains("height") || json.contains("index"), json);
        Problem read = ApiJson.mapper().readValue(json, Problem.class);
        assertEquals(problem, read);
        assertNull(read.height());
    }

    @Test
    void aTransactionRejectedInABlockCarriesItsPositionAndTheStatusOfItsCode() throws Exception {
        Problem margin = Problem.rejectedInBlock(rejected("INSUFFICIENT_MARGIN"));
        assertEquals(422, margin.status());
        assertEquals("INSUFFICIENT_MARGIN", margin.code());
        assertEquals(HASH, margin.txHash());
        assertEquals(42L, margin.height());
        assertEquals(3, margin.index());
        assertTrue(margin.detail().contains("equity below initial margin"), margin.detail());
        assertEquals(margin, ApiJson.mapper().readValue(ApiJson.bytes(margin), Problem.class));
        assertEquals(409, Problem.rejectedInBlock(rejected("BAD_NONCE")).status());
        assertEquals(403, Problem.rejectedInBlock(rejected("NOT_AUTHORIZED")).status());
        assertThrows(IllegalArgumentException.class, () -> Problem.rejectedInBlock(new TxReceiptView(HASH, 42, 3, "trade",
                HASH, true, "OK", "", List.of())));
    }

    private static TxReceiptView rejected(String code) {
        return new TxReceiptView(HASH, 42, 3, "trade", HASH, false, code, "equity below initial margin", List.of());
    }
}
