package io.ballast.cluster.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.actors.validator.BlockFinalized;
import io.ballast.actors.validator.TxReceipt;
import io.ballast.actors.validator.ValidatorRecovered;
import io.ballast.cluster.devnet.FinalityStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Once a second: writes the node's status as JSON (atomically, temp file + move) with the validators it
 * hosts (those that published a block here in the last 3 s), their height and recent state roots, the
 * members it sees up and unreachable, and the load it drives; appends every receipt acknowledged as final
 * to the ack log ({@code txHash height index accepted code}) and the second's finality latencies to
 * {@code <ack-log>.latency} ({@code epochMillis ms,ms,...}), flushed before the next second.
 */
final class NodeStatus {
    private static final int ROOTS_KEPT = 400;
    private static final long HOSTED_WITHIN_MILLIS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeStatus() {}

    static Behavior<Object> create(Path statusFile, Path ackLog, FinalityStats stats) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(BlockFinalized.class,
                    context.getSelf().narrow()));
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ValidatorRecovered.class,
                    context.getSelf().narrow()));
            timers.startTimerWithFixedDelay("tick", "tick", Duration.ofSeconds(1));
            Map<String, TreeMap<Long, String>> roots = new HashMap<>();
            Map<String, Long> seen = new HashMap<>();
            Map<String, ValidatorRecovered> recovered = new HashMap<>();
            Set<String> written = new HashSet<>();
            long[] acked = {0};
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
                    long now = System.currentTimeMillis();
                    if (ackLog != null) {
                        acked[0] += appendAcks(ackLog, stats, written, now);
                    }
                    if (statusFile != null) {
                        writeStatus(statusFile, context.getSystem(), roots, seen, recovered, stats, acked[0], now);
                    }
                }
                return Behaviors.same();
            });
        }));
    }

    private static int appendAcks(Path ackLog, FinalityStats stats, Set<String> written, long now) {
        StringBuilder lines = new StringBuilder();
        int count = 0;
        for (TxReceipt receipt : stats.finalized().values()) {
            if (written.add(receipt.txHash())) {
                lines.append(receipt.txHash()).append(' ').append(receipt.height()).append(' ').append(receipt.index())
                        .append(' ').append(receipt.accepted()).append(' ').append(receipt.code()).append('\n');
                count++;
            }
        }
        List<Long> latencies = stats.drainInterval();
        try {
            if (lines.length() > 0) {
                Files.writeString(ackLog, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            }
            if (!latencies.isEmpty()) {
                StringBuilder line = new StringBuilder().append(now).append(' ');
                for (int i = 0; i < latencies.size(); i++) {
                    line.append(i == 0 ? "" : ",").append(latencies.get(i));
                }
                Files.writeString(Path.of(ackLog + ".latency"), line.append('\n'), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    private static void writeStatus(Path file, org.apache.pekko.actor.typed.ActorSystem<?> system,
                                    Map<String, TreeMap<Long, String>> roots, Map<String, Long> seen,
                                    Map<String, ValidatorRecovered> recovered, FinalityStats stats, long acked,
                                    long now) {
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
        ObjectNode load = status.putObject("load");
        load.put("acknowledgedFinal", acked);
        load.put("refused", stats.totalRefused());
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
