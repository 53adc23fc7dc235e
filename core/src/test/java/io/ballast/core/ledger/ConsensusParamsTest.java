package io.ballast.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.json.JsonException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The genesis's chain-wide consensus parameters: JSON, canonical encoding, snapshots, bounds. */
class ConsensusParamsTest {
    private static final ConsensusParams SHORT_EPOCHS = new ConsensusParams(64 * 1024, 1_024, 8, 12, 6);

    private static Genesis perpetuals() {
        return LedgerFixtures.genesis(LedgerFixtures.simpleMarket().build());
    }

    private static Genesis withOptions() {
        return OptionFixtures.standard();
    }

    private static Genesis decode(byte[] encoding) {
        return Genesis.decode(new CanonicalReader(encoding));
    }

    @Test
    void defaultParametersLeaveTheEncodingOfEarlierChainsUnchanged() {
        for (Genesis genesis : new Genesis[] {perpetuals(), withOptions()}) {
            assertEquals(ConsensusParams.DEFAULT, genesis.consensus());
            byte[] encoding = genesis.encode();
            byte[] other = genesis.withConsensus(SHORT_EPOCHS).encode();
            assertEquals(encoding.length + 24, other.length, "a tag and five ints, appended only when not the default");
            assertArrayEquals(encoding, Arrays.copyOf(other, encoding.length), "the earlier sections are unchanged");
            assertEquals(genesis, decode(encoding));
        }
    }

    @Test
    void nonDefaultParametersRoundTripThroughEncodingJsonAndSnapshots() {
        for (Genesis base : new Genesis[] {perpetuals(), withOptions()}) {
            Genesis genesis = base.withConsensus(SHORT_EPOCHS);
            assertEquals(genesis, decode(genesis.encode()));
            assertEquals(genesis, Genesis.fromJson(genesis.toJson()));
            LedgerState state = LedgerState.fromGenesis(genesis);
            assertEquals(genesis, LedgerState.restore(state.snapshot()).genesis());
            assertNotEquals(LedgerState.fromGenesis(base).stateRoot(), state.stateRoot(),
                    "the parameters are part of the configuration leaf");
        }
    }

    @Test
    void aGenesisFileWithoutTheSectionGetsTheDefaults() {
        String json = perpetuals().withConsensus(SHORT_EPOCHS).toJson();
        String without = json.replaceFirst(",\"consensus\":\\{[^}]*}", "");
        assertTrue(without.length() < json.length(), "the section was removed: " + without);
        assertEquals(ConsensusParams.DEFAULT, Genesis.fromJson(without).consensus());
    }

    @Test
    void invalidOrUnknownParametersAreRefusedWithTheirReason() {
        String json = perpetuals().withConsensus(SHORT_EPOCHS).toJson();
        JsonException shortEpoch = assertThrows(JsonException.class,
                () -> Genesis.fromJson(json.replace("\"epochLengthBlocks\":12", "\"epochLengthBlocks\":1")));
        assertTrue(shortEpoch.getMessage().contains("epochLengthBlocks 1 outside 2.."), shortEpoch.getMessage());
        JsonException bigTx = assertThrows(JsonException.class,
                () -> Genesis.fromJson(json.replace("\"maxTxBytes\":1024", "\"maxTxBytes\":70000")));
        assertTrue(bigTx.getMessage().contains("maxTxBytes <= maxBlockBytes"), bigTx.getMessage());
        assertThrows(JsonException.class,
                () -> Genesis.fromJson(json.replace("\"maxBlockEvidence\":8", "\"maxBlockEvidence\":8,\"surprise\":1")));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusParams(1_024, 1_024, 8, 10, 11),
                "a reputation window longer than an epoch");
        assertThrows(IllegalArgumentException.class, () -> new ConsensusParams(1_024, 1_024, 1_001, 10, 1));
    }

    @Test
    void anUnknownSectionAfterTheOptionsIsADecodingError() {
        byte[] encoding = withOptions().encode();
        byte[] extended = Arrays.copyOf(encoding, encoding.length + 4);
        extended[encoding.length + 3] = 7; // an int 7 where only the consensus tag may follow
        DecodingException refused = assertThrows(DecodingException.class, () -> decode(extended));
        assertTrue(refused.getMessage().contains("unknown genesis section"), refused.getMessage());
    }
}
