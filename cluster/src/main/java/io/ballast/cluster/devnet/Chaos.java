package io.ballast.cluster.devnet;

import io.ballast.actors.chain.NodeClient;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.LinkShim;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorIds;
import java.io.PrintStream;
import java.time.Duration;
import io.ballast.oracle.OracleOperator;
import io.ballast.oracle.ReportingMode;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Fault scenarios for {@code bin/ballast devnet --chaos NAME}, driven through the {@link LinkShim}:
 * <ul>
 *   <li>{@code partition-one}: cuts one validator off for 8 s, heals for 8 s, next validator;</li>
 *   <li>{@code lossy}: drops 15% of consensus messages and delays the rest by up to 40 ms;</li>
 *   <li>{@code kill-leader}: every 10 s stops the entity that proposed the latest block and cuts it
 *       off for 4 s; its next message restarts it from the journal.</li>
 *   <li>{@code lying-oracle}: oracle operator 0 reports 3 × the price for 10 s of every 20 s
 *       ({@link ReportingMode.WildPrice}); the ledger's median of three ignores it.</li>
 * </ul>
 */
public final class Chaos {
    public static final List<String> SCENARIOS = List.of("partition-one", "lossy", "kill-leader", "lying-oracle");

    private enum Tick { INSTANCE }

    private record Heal(String validatorId) {}

    private enum Honest { INSTANCE }

    private Chaos() {}

    public static Behavior<Object> create(String scenario, LinkShim shim, ValidatorIds ids, NodeClient client,
                                          PrintStream out) {
        return create(scenario, shim, ids, client, List.of(), out);
    }

    public static Behavior<Object> create(String scenario, LinkShim shim, ValidatorIds ids, NodeClient client,
                                          List<EntityRef<OracleOperator.Command>> operators, PrintStream out) {
        if (!SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("unknown chaos scenario '" + scenario + "'; one of " + SCENARIOS);
        }
        return Behaviors.<Object>setup(context -> Behaviors.withTimers(timers -> {
            int[] next = {0};
            int[] lastProposer = {-1};
            if (scenario.equals("lying-oracle")) {
                if (operators.isEmpty()) {
                    throw new IllegalArgumentException("lying-oracle needs oracle operators");
                }
                timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(20));
                return Behaviors.receive(Object.class)
                        .onMessageEquals(Tick.INSTANCE, () -> {
                            operators.get(0).tell(new OracleOperator.SetMode(new ReportingMode.WildPrice(3.0),
                                    context.getSelf().narrow()));
                            timers.startSingleTimer(Honest.INSTANCE, Duration.ofSeconds(10));
                            out.println("chaos: oracle-0 lies (3 x the price) for 10 s");
                            return Behaviors.same();
                        })
                        .onMessageEquals(Honest.INSTANCE, () -> {
                            operators.get(0).tell(new OracleOperator.SetMode(new ReportingMode.Honest(),
                                    context.getSelf().narrow()));
                            out.println("chaos: oracle-0 honest again");
                            return Behaviors.same();
                        })
                        .onMessage(OracleOperator.ModeOutcome.class, outcome -> {
                            if (outcome.result() != OracleOperator.ModeResult.CHANGED
                                    && outcome.result() != OracleOperator.ModeResult.UNCHANGED) {
                                out.println("chaos: " + outcome.operatorId() + " refused the mode: " + outcome.result());
                            }
                            return Behaviors.same();
                        })
                        .build();
            }
            if (scenario.equals("lossy")) {
                shim.setLossPercent(15);
                shim.setDelayMillisMax(40);
                out.println("chaos: lossy links (15% loss, up to 40 ms delay)");
            } else {
                timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(scenario.equals("kill-leader") ? 10 : 16));
                context.getSystem().eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class,
                        context.messageAdapter(BlockFinalized.class, block -> block)));
            }
            return Behaviors.receive(Object.class)
                    .onMessage(BlockFinalized.class, block -> {
                        lastProposer[0] = block.proposer();
                        return Behaviors.same();
                    })
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        String victim;
                        Duration down;
                        if (scenario.equals("partition-one")) {
                            victim = ValidatorIds.id(next[0]++ % ids.size());
                            down = Duration.ofSeconds(8);
                            out.println("chaos: partitioning " + victim + " for " + down.toSeconds() + " s");
                        } else {
                            victim = ValidatorIds.id(Math.max(0, lastProposer[0]) % ids.size());
                            down = Duration.ofSeconds(4);
                            client.ref(victim).tell(ValidatorEntity.Passivate.INSTANCE);
                            out.println("chaos: killing leader " + victim + " (down " + down.toSeconds() + " s)");
                        }
                        shim.isolate(victim);
                        timers.startSingleTimer(new Heal(victim), down);
                        return Behaviors.same();
                    })
                    .onMessage(Heal.class, heal -> {
                        shim.heal();
                        client.ref(heal.validatorId()).tell(ValidatorEntity.Start.INSTANCE);
                        out.println("chaos: healed " + heal.validatorId());
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
