package io.ballast.actors.validator;

import io.ballast.keys.KeyFile;
import io.ballast.core.app.LedgerApplication;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What every validator entity of one node shares: the chain's genesis, consensus tunables, where
 * signing keys come from (never from events), the link shim, the host clock and how much of the
 * block log an entity keeps in memory.
 *
 * @param retainedBlocks       committed blocks kept in the entity state above its checkpoint; must
 *                             exceed the snapshot interval (recovery replays at most this many)
 * @param signatureCacheEntries verified-signature cache of the ledger application
 * @param finalityWaitersMax   clients waiting for finality per entity; more are refused
 * @param restartBackoffMin    supervision: first restart delay after a failure
 * @param restartBackoffMax    supervision: longest restart delay
 */
public record ValidatorSetup(Genesis genesis, ConsensusConfig consensus, KeySource keys, LinkShim shim,
                             LongSupplier clockMillis, int retainedBlocks, int signatureCacheEntries,
                             int finalityWaitersMax, Duration restartBackoffMin, Duration restartBackoffMax) {
    /** Loads a validator's signing key by entity id. */
    @FunctionalInterface
    public interface KeySource {
        KeyPair load(String validatorId) throws IOException;

        /** {@code dir/<validatorId>.key} in {@link KeyFile} format. */
        static KeySource directory(Path dir) {
            return id -> KeyFile.read(dir.resolve(id + ".key"));
        }
    }

    public ValidatorSetup {
        LedgerApplication.requireChainParams(genesis, consensus);
        if (retainedBlocks <= consensus.snapshotIntervalBlocks() + 1) {
            throw new IllegalArgumentException("retainedBlocks (" + retainedBlocks
                    + ") must exceed the snapshot interval + 1 (" + (consensus.snapshotIntervalBlocks() + 1) + ")");
        }
        if (finalityWaitersMax < 1 || signatureCacheEntries < 1) {
            throw new IllegalArgumentException("finalityWaitersMax and signatureCacheEntries must be positive");
        }
    }

    public static ValidatorSetup of(Genesis genesis, ConsensusConfig consensus, KeySource keys, LinkShim shim) {
        return new ValidatorSetup(genesis, consensus, keys, shim, System::currentTimeMillis,
                io.ballast.core.consensus.host.ValidatorStore.defaultRetainedBlocks(consensus), 200_000, 100_000, Duration.ofMillis(200),
                Duration.ofSeconds(10));
    }
}
