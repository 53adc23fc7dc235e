package io.ballast.core.consensus.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The durable model every host shares: retention above the checkpoint, checkpoints drop what they cover. */
class ValidatorStoreTest {
    @Test
    void keepsAtMostTheRetainedBlocks() {
        ValidatorStore store = ValidatorStore.EMPTY;
        for (long h = 1; h <= 20; h++) {
            store = store.withBlock(h, new byte[] {(byte) h}, 8);
        }
        assertEquals(20, store.lastHeight());
        assertEquals(8, store.blocks().size());
        assertEquals(13, store.firstBlockHeight());
        ValidatorStore checkpointed = store.withCheckpoint(15, new byte[] {1});
        assertEquals(5, checkpointed.blocks().size());
        assertEquals(16, checkpointed.firstBlockHeight());
        assertEquals(20, checkpointed.lastHeight());
        assertNull(ValidatorStore.EMPTY.checkpoint());
    }

    @Test
    void blocksMustFollowEachOtherAndAGapIsAnErrorOnRestore() {
        ValidatorStore store = ValidatorStore.EMPTY.withBlock(1, new byte[] {1}, 8);
        assertThrows(IllegalStateException.class, () -> ValidatorStore.EMPTY.withBlock(2, new byte[] {2}, 8));
        for (long h = 2; h <= 12; h++) {
            store = store.withBlock(h, new byte[] {(byte) h}, 8);
        }
        ValidatorStore outran = store;
        assertThrows(IllegalStateException.class, outran::committedBlocks, "retention dropped blocks no checkpoint covers");
    }
}
