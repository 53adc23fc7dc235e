package io.ballast.actors.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.ledger.ConsensusParams;
import io.ballast.core.ledger.Genesis;
import org.junit.jupiter.api.Test;

/** A node's consensus configuration: local tunables from HOCON, chain-wide parameters from the genesis only. */
class ConsensusSettingsTest {
    private static final Genesis GENESIS = TestChain.genesis(4).withConsensus(new ConsensusParams(256 * 1024, 2_048, 4, 50, 7))
            .withLimits(TestChain.genesis(4).limits().withMaxTransactionsPerBlock(300));

    @Test
    void chainWideParametersComeFromTheGenesisAndLocalOnesFromTheConfiguration() {
        ConsensusConfig config = ConsensusSettings.load(ConfigFactory.parseString(
                "ballast.consensus.round-timeout-base = 2s\nballast.consensus.min-block-interval = 50ms"), GENESIS);
        assertEquals(300, config.maxBlockTxs());
        assertEquals(256 * 1024, config.maxBlockBytes());
        assertEquals(2_048, config.maxTxBytes());
        assertEquals(4, config.maxBlockEvidence());
        assertEquals(50, config.epochLengthBlocks());
        assertEquals(7, config.reputationWindowBlocks());
        assertEquals(2_000, config.roundTimeoutBaseMillis(), "an operator raises its own timeouts");
        assertEquals(50, config.minBlockIntervalMillis());
        assertEquals(ConsensusSettings.defaults(GENESIS).syncWindowBlocks(), config.syncWindowBlocks());
    }

    @Test
    void aChainWideKeyInANodesConfigurationIsRefused() {
        for (String key : new String[] {"max-block-txs = 10", "epoch-length-blocks = 10", "max-tx-bytes = 1 KiB",
                "reputation-window-blocks = 3", "max-block-bytes = 1 MiB", "max-block-evidence = 2"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ConsensusSettings.load(ConfigFactory.parseString("ballast.consensus." + key), GENESIS));
            assertTrue(refused.getMessage().contains("is chain-wide: it is set in the genesis"), refused.getMessage());
        }
    }

    @Test
    void aValidatorRefusesAConfigurationThatDisagreesWithItsGenesis() {
        ConsensusConfig agreeing = ConsensusSettings.defaults(GENESIS);
        ValidatorSetup.of(GENESIS, agreeing, id -> TestChain.validatorKey(0), LinkShim.passThrough());
        ConsensusConfig longerEpochs = agreeing.withEpochAndWindows(100, agreeing.reputationWindowBlocks(),
                agreeing.syncWindowBlocks(), agreeing.snapshotIntervalBlocks());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ValidatorSetup.of(GENESIS, longerEpochs, id -> TestChain.validatorKey(0), LinkShim.passThrough()));
        assertTrue(refused.getMessage().contains("differs from the chain-wide parameters"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValidatorSetup.of(GENESIS, agreeing.withBatch(301, 256 * 1024),
                id -> TestChain.validatorKey(0), LinkShim.passThrough()));
    }
}
