package io.ballast.cluster.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorRecovered;
import io.ballast.core.consensus.ConsensusConfig;
import io.ballast.core.consensus.Message;
import io.ballast.core.consensus.Vote;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness after lost votes, through the real runtime (validator entities, the embedded journal,
 * sharding, recovery): validator-3 is silent, so every other vote is needed. In one round the links
 * from validator-0 to the others lose its precommit exactly then, so validator-0 alone moves on to the
 * next round, signs there, and restarts from its journal — the votes that moved it are gone from
 * memory. When the links return, the height must still commit: the round's justification, persisted
 * with validator-0's first signature in that round, brings the others there.
 */
class LostVotesTest {
    private static final ConsensusConfig DECODE_LIMITS = ConsensusConfig.defaults();

    @Test
    void theHeightCommitsAfterAValidatorMissedTheVotesOfARoundAndTheOneAheadRestarted(@TempDir Path dataDir)
            throws Exception {
        try (Devnet devnet = Devnet.start(Devnet.Options.defaults(dataDir, System.out).withTraders(0))) {
            BlockWatch watch = BlockWatch.attach(devnet.system(), "watch");
            BlockWatch.await("height 3", Duration.ofSeconds(60), () -> watch.height("validator-0") >= 3);
            devnet.shim().isolate("validator-3");

            long stuckHeight = status(devnet, "validator-0").height() + 1;
            AtomicBoolean aheadSigned = new AtomicBoolean();
            devnet.shim().dropWhen((from, to, bytes) -> {
                Message message = Message.decode(bytes, DECODE_LIMITS);
                if (message instanceof Message.Proposal proposal) {
                    return proposal.height() >= stuckHeight; // every round of the height fails
                }
                if (message instanceof Vote vote && vote.height() >= stuckHeight && from.equals("validator-0")) {
                    if (vote.round() >= 2) {
                        aheadSigned.set(true);
                    }
                    return vote.type() == Vote.Type.PRECOMMIT && vote.round() == 1;
                }
                return false;
            });
            BlockWatch.await("validator-0 to sign in round 2 of height " + stuckHeight, Duration.ofSeconds(60),
                    aheadSigned::get);
            for (String behind : new String[] {"validator-1", "validator-2"}) {
                ValidatorEntity.Status status = status(devnet, behind);
                assertEquals(stuckHeight, status.height(), behind + " is at the stuck height");
                assertEquals(1, status.round(), behind + " waits in round 1 for validator-0's precommit");
            }

            ValidatorRecovered firstRun = devnet.recovered().get("validator-0");
            devnet.client().ref("validator-0").tell(ValidatorEntity.Passivate.INSTANCE);
            devnet.client().ref("validator-0").tell(ValidatorEntity.Start.INSTANCE);
            BlockWatch.await("validator-0 to recover from its journal", Duration.ofSeconds(30),
                    () -> devnet.recovered().get("validator-0") != firstRun);
            assertEquals(stuckHeight - 1, devnet.recovered().get("validator-0").height());
            devnet.shim().dropWhen(null); // the links return (validator-3 stays silent)

            BlockWatch.await("height " + stuckHeight + " to commit after the heal", Duration.ofSeconds(60),
                    () -> watch.height("validator-1") >= stuckHeight && watch.height("validator-2") >= stuckHeight
                            && watch.height("validator-0") >= stuckHeight);
            assertEquals(watch.root("validator-1", stuckHeight), watch.root("validator-0", stuckHeight));
            assertTrue(devnet.shim().droppedMessages() > 0);
        }
    }

    private static ValidatorEntity.Status status(Devnet devnet, String id) throws Exception {
        return devnet.client().status(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
