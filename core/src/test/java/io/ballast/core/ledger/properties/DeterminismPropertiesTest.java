package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.Ledger;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.SignatureCheck;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Property 4: the same genesis and blocks give the same results (receipts, events, state root)
 * in fresh states under every signature strategy, and after a snapshot/restore at a random block;
 * the final snapshots are byte-identical.
 */
class DeterminismPropertiesTest {

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void sameBlocksGiveSameRootsEverywhere(Seed seed) {
        PropertyCheck.check(seed, gen -> Scenarios.scenario(gen, false), Scenario.SHRINKER,
                DeterminismPropertiesTest::sameRootsEverywhere);
    }

    private static void sameRootsEverywhere(Scenario scenario) {
        Driver primary = new Driver(scenario, Ledger.verifying()).run(null, false);
        int k = primary.snapshotMidwayBlocks;

        LedgerState preVerified = LedgerState.fromGenesis(primary.genesis);
        Ledger preVerifiedLedger = new Ledger(SignatureCheck.preVerified(primary.validHashes));
        LedgerState cached = LedgerState.fromGenesis(primary.genesis);
        Ledger cachedLedger = new Ledger(SignatureCheck.cached(16));
        LedgerState restored = null;
        Ledger verifying = Ledger.verifying();
        for (int i = 0; i < primary.blocks.size(); i++) {
            if (i == k) {
                restored = LedgerState.restore(primary.snapshotMidway);
                Bytes32 expected = k == 0 ? LedgerState.fromGenesis(primary.genesis).stateRoot() : primary.results.get(k - 1).stateRoot();
                assertEquals(expected, restored.stateRoot(), "restored snapshot root at block " + k);
                assertArrayEquals(primary.snapshotMidway, restored.snapshot(), "snapshot → restore → snapshot");
            }
            BlockResult expected = primary.results.get(i);
            assertEquals(expected, preVerifiedLedger.apply(preVerified, primary.blocks.get(i)), "pre-verified ledger, block " + i);
            assertEquals(expected, cachedLedger.apply(cached, primary.blocks.get(i)), "cached-signature ledger, block " + i);
            if (restored != null) {
                assertEquals(expected, verifying.apply(restored, primary.blocks.get(i)), "restored at " + k + ", block " + i);
            }
        }
        if (restored == null) {
            restored = LedgerState.restore(primary.snapshotMidway);
        }
        byte[] finalSnapshot = primary.state.snapshot();
        assertArrayEquals(finalSnapshot, preVerified.snapshot(), "final snapshot, pre-verified");
        assertArrayEquals(finalSnapshot, cached.snapshot(), "final snapshot, cached");
        assertArrayEquals(finalSnapshot, restored.snapshot(), "final snapshot, restored mid-way");
        assertEquals(primary.state.stateRoot(), LedgerState.restore(finalSnapshot).stateRoot(), "root of the restored final snapshot");
    }
}
