package io.ballast.core.ledger.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.MerkleProof;
import io.ballast.core.ledger.AccountProof;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.property.PropertyCheck;
import io.ballast.core.property.Seed;
import io.ballast.core.property.Seeds;
import io.ballast.core.property.Shrinker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Property 6: for random states (mid-way and at the end of a scenario), every account's proof
 * verifies against the state root, and no single altered byte of the account encoding, of a
 * sibling or of the root, nor another leaf index or account key, verifies.
 */
class ProofPropertiesTest {
    private static final int SAMPLES = 4;

    /** A scenario, and the seed of the random tampering applied to its proofs. */
    record Input(Scenario scenario, long tamperSeed) {
        static final Shrinker<Input> SHRINKER = input -> Shrinker.map(
                Scenario.SHRINKER.candidates(input.scenario()), s -> new Input(s, input.tamperSeed()));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @Seeds(tries = 1_000)
    void accountProofsVerifyAndResistTampering(Seed seed) {
        PropertyCheck.check(seed, gen -> new Input(Scenarios.scenario(gen, false), gen.nextSeed()), Input.SHRINKER, input -> {
            Driver driver = new Driver(input.scenario()).run(null, false);
            Random random = new Random(input.tamperSeed());
            check(LedgerState.restore(driver.snapshotMidway), random);
            check(driver.state, random);
        });
    }

    private static void check(LedgerState state, Random random) {
        Bytes32 root = state.stateRoot();
        List<Bytes32> keys = state.accountKeys();
        for (Bytes32 key : keys) {
            AccountProof proof = state.proveAccount(key).orElseThrow();
            String who = key.shortHex() + " at height " + state.height();
            assertTrue(AccountProof.verify(root, proof), "proof of " + who);
            assertEquals(state.accountView(key).orElseThrow().collateralUsd(), proof.collateralUsd(), "proven collateral of " + who);

            byte[] encoding = proof.accountEncoding();
            for (int s = 0; s < SAMPLES; s++) {
                byte[] altered = encoding.clone();
                int at = random.nextInt(altered.length);
                altered[at] ^= (byte) (1 + random.nextInt(255));
                assertFalse(AccountProof.verify(root, new AccountProof(key, altered, proof.proof())),
                        "altered encoding byte " + at + " verified for " + who);
            }
            MerkleProof path = proof.proof();
            for (int s = 0; s < SAMPLES; s++) {
                List<Bytes32> siblings = new ArrayList<>(path.siblings());
                int level = random.nextInt(siblings.size());
                siblings.set(level, flip(siblings.get(level), random));
                assertFalse(AccountProof.verify(root, new AccountProof(key, encoding,
                        new MerkleProof(path.leafIndex(), path.leafCount(), siblings))), "altered sibling " + level + " verified for " + who);
                assertFalse(AccountProof.verify(flip(root, random), proof), "altered root verified for " + who);
            }
            for (int delta : new int[] {-1, 1}) {
                assertFalse(AccountProof.verify(root, new AccountProof(key, encoding,
                        new MerkleProof(path.leafIndex() + delta, path.leafCount(), path.siblings()))), "leaf index moved by " + delta);
            }
            assertFalse(AccountProof.verify(root, new AccountProof(key, encoding,
                    new MerkleProof(path.leafIndex(), path.leafCount() + 1, path.siblings()))), "leaf count + 1");
            for (Bytes32 other : keys) {
                if (!other.equals(key)) {
                    assertFalse(AccountProof.verify(root, new AccountProof(other, encoding, path)), "proof of " + who + " as another account");
                    break;
                }
            }
        }
    }

    private static Bytes32 flip(Bytes32 value, Random random) {
        byte[] bytes = value.toArray();
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
        return Bytes32.wrap(bytes);
    }
}
