package io.ballast.cluster.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.ValidatorRecovered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Once a second: writes the node's status as JSON (atomically, temp file + move) with the validators it
 * hosts (those that published a block here in the last 3 s), their height and recent state roots, the
 * members it sees up and unreachable, and the oldest validator host.
 */
final class NodeStatus {
    private static final int ROOTS_KEPT = 400;
    private static final long HOSTED_WITHIN_MILLIS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeStatus() {}

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
                } else if ("tick".equals(message)) {
                    writeStatus(statusFile, context.getSystem(), roots, seen, recovered, System.currentTimeMillis());
                }
                return Behaviors.same();
            });
        }));
    }

    private static void writeStatus(Path file, org.apache.pekko.actor.typed.ActorSystem<?> system,
                                    Map<String, TreeMap<Long, String>> roots, Map<String, Long> seen,
                                    Map<String, ValidatorRecovered> recovered, long now) {
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
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
