package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.api.client.BlockStream;
import io.ballast.keys.KeyFile;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream client that disconnects and resumes from its last event id misses no block and no receipt. */
class StreamTest {
    @Test
    void resumingAfterADisconnectMissesNothing() throws Exception {
        TestChain chain = TestChain.shared();
        long start = Math.max(1, chain.client.status().height() - 5);
        List<BlockView> seen = new ArrayList<>();
        String lastId;
        try (BlockStream stream = chain.client.stream(start, null)) {
            for (int i = 0; i < 8; i++) {
                seen.add(stream.next());
            }
            lastId = stream.lastEventId();
        }
        // while disconnected: blocks keep committing, one of them with our deposit
        KeyPair trader = KeyFile.generate();
        TxReceiptView deposit = chain.client.submitAndWait(chain.txs.deposit(chain.authority,
                chain.client.nextNonce(chain.authority.publicKey()), trader.publicKey(), "42"));
        Thread.sleep(500);
        long tip = chain.client.status().height();
        try (BlockStream resumed = chain.client.stream(null, lastId)) {
            while (seen.get(seen.size() - 1).height() < tip + 2) {
                BlockView block = resumed.next();
                assertNotNull(block, "stream ended");
                seen.add(block);
            }
        }
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(start + i, seen.get(i).height(), "heights are contiguous across the reconnect");
        }
        assertTrue(seen.stream().flatMap(b -> b.receipts().stream()).anyMatch(r -> r.txHash().equals(deposit.txHash())),
                "the deposit committed while disconnected is in the resumed stream");
        System.out.printf("stream test: %d blocks from %d, resumed after %s, deposit at %d%n", seen.size(), start, lastId,
                deposit.height());
    }
}
