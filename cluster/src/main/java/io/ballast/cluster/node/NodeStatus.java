package io.ballast.cluster.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.actors.account.MarginAccount;
import io.ballast.actors.liquidator.Liquidator;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.ValidatorEntity;
import io.ballast.actors.validator.ValidatorRecovered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Once a second: writes the node's status as JSON (atomically, temp file + move) with the validators it
 * hosts (those that published a block here in the last 3 s), their height and recent state roots, how many
 * entities of each sharded type run here, the members it sees up and unreachable, and the oldest validator host.
 */
final class NodeStatus {
    private static final int ROOTS_KEPT = 400;
    private static final long HOSTED_WITHIN_MILLIS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<EntityTypeKey<?>> ENTITY_TYPES = List.of(ValidatorEntity.TYPE_KEY, MarginAccount.TYPE_KEY,
            Liquidator.TYPE_KEY);

    private NodeStatus() {}

    /** A shard region's answer, with the entity type it was asked about. */
    private record TypedRegionState(String typeName, ShardRegion.CurrentShardRegionState state) {}

    static Behavior<Object> create(Path statusFile) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class,
                    context.getSelf().narrow()));
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ValidatorRecovered.class,
                    context.getSelf().narrow()));
            timers.startTimerWithFixedDelay("tick", "tick", Duration.ofSeconds(1));
            Map<String, TreeMap<Long, String>> roots = new HashMap<>();
            Map<String, Long> seen = new HashMap<>();
            Map<String, ValidatorRecovered> recovered = new HashMap<>();
            Map<String, Integer> entities = new TreeMap<>();
            return Behaviors.receiveMessage(message -> {
                if (message instanceof BlockFinalized block) {
                    TreeMap<Long, String> byHeight = roots.computeIfAbsent(block.validatorId(), id -> new TreeMap<>());
                    byHeight.put(block.height(), block.stateRoot());
                    while (byHeight.size() > ROOTS_KEPT) {
                        byHeight.pollFirstEntry();
                    }
                    seen.put(block.validatorId(), System.currentTimeMillis());
                } else if (message instanceof ValidatorRecovered notice) {
                    recovered.put(notice.validatorId(), notice);
                    seen.put(notice.validatorId(), System.currentTimeMillis());
                } else if (message instanceof TypedRegionState state) {
                    int count = 0;
                    for (ShardRegion.ShardState shard : state.state().getShards()) {
                        count += shard.getEntityIds().size();
                    }
                    entities.put(state.typeName(), count);
                } else if ("tick".equals(message)) {
                    for (EntityTypeKey<?> type : ENTITY_TYPES) { // ask: one temporary reply-to per type
                        context.ask(ShardRegion.CurrentShardRegionState.class,
                                ClusterSharding.get(context.getSystem()).shardState(), Duration.ofSeconds(1),
                                replyTo -> new GetShardRegionState(type, replyTo),
                                (state, failure) -> state == null ? "no-answer" : new TypedRegionState(type.name(), state));
                    }
                    writeStatus(statusFile, context.getSystem(), roots, seen, recovered, entities, System.currentTimeMillis());
                }
                return Behaviors.same();
            });
        }));
    }

    private static void writeStatus(Path file, org.apache.pekko.actor.typed.ActorSystem<?> system,
                                    Map<String, TreeMap<Long, String>> roots, Map<String, Long> seen,
                                    Map<String, ValidatorRecovered> recovered, Map<String, Integer> entities, long now) {
        Cluster cluster = Cluster.get(system);
        ObjectNode status = JSON.createObjectNode();
        status.put("address", cluster.selfMember().address().toString());
        status.put("pid", ProcessHandle.current().pid());
        status.put("timeMillis", now);
        status.put("selfStatus", cluster.selfMember().status().toString());
        ArrayNode up = status.putArray("members");
        for (Member member : cluster.state().getMembers()) {
            up.add(member.address().toString() + " " + member.status());
        }
        ArrayNode unreachable = status.putArray("unreachable");
        for (Member member : cluster.state().getUnreachable()) {
            unreachable.add(member.address().toString());
        }
        Member oldest = null;
        for (Member member : cluster.state().getMembers()) {
            if (member.hasRole(ClusterNode.VALIDATOR_HOST_ROLE) && member.status() == org.apache.pekko.cluster.MemberStatus.up()
                    && (oldest == null || member.isOlderThan(oldest))) {
                oldest = member;
            }
        }
        // the oldest validator host runs the sharding coordinator of the validator entities
        status.put("oldestHost", oldest == null ? "" : oldest.address().toString());
        status.put("leader", cluster.state().getLeader() == null ? "" : cluster.state().getLeader().toString());
        ObjectNode validators = status.putObject("validators");
        for (Map.Entry<String, TreeMap<Long, String>> entry : new TreeMap<>(roots).entrySet()) {
            long lastSeen = seen.getOrDefault(entry.getKey(), 0L);
            if (now - lastSeen > HOSTED_WITHIN_MILLIS || entry.getValue().isEmpty()) {
                continue;
            }
            ObjectNode validator = validators.putObject(entry.getKey());
            validator.put("height", entry.getValue().lastKey());
            validator.put("stateRoot", entry.getValue().lastEntry().getValue());
            ObjectNode recent = validator.putObject("roots");
            entry.getValue().forEach((height, root) -> recent.put(Long.toString(height), root));
            ValidatorRecovered notice = recovered.get(entry.getKey());
            if (notice != null) {
                validator.put("recoveredAtHeight", notice.height());
            }
        }
        ObjectNode entityCounts = status.putObject("entities");
        entities.forEach(entityCounts::put);
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
