package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.api.client.BlockStream;
import io.ballast.keys.KeyFile;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.crypto.KeyPair;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a whole-node restart the API serves the same history (re-executed from the block log): receipts, blocks, stream. */
class RestartTest {
    @Test
    void theIndexRebuildsHistoryFromTheBlockLog(@TempDir Path dir) throws Exception {
        TestChain first = new TestChain(dir);
        KeyPair trader = KeyFile.generate();
        TxReceiptView deposit;
        BlockView block;
        long height;
        try {
            deposit = first.client.submitAndWait(first.txs.deposit(first.authority,
                    first.client.nextNonce(first.authority.publicKey()), trader.publicKey(), "100"));
            block = first.client.block(deposit.height());
            height = first.client.status().height();
        } finally {
            first.stop();
        }
        TestChain second = new TestChain(dir);
        try {
            long target = height;
            TestChain.await("the index past the old height", Duration.ofSeconds(60),
                    () -> second.client.status().height() > target);
            assertEquals("COMMITTED", second.client.tx(deposit.txHash()).status());
            assertEquals(deposit, second.client.tx(deposit.txHash()).receipt());
            BlockView again = second.client.block(deposit.height());
            // certificates are not unique: each validator keeps the > 2/3 precommits it collected
            assertEquals(block.header(), again.header());
            assertEquals(block.transactions(), again.transactions());
            assertEquals(block.receipts(), again.receipts());
            assertEquals(block.certificate().blockHash(), again.certificate().blockHash());
            assertEquals("100", second.client.account(trader.publicKey(), false).collateralUsd());
            try (BlockStream stream = second.client.stream(1L, null)) {
                for (long h = 1; h <= 5; h++) {
                    assertEquals(h, stream.next().height());
                }
            }
            System.out.printf("restart test: history to height %d rebuilt from the block log%n", height);
        } finally {
            second.stop();
        }
    }
}
