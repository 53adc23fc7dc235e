package io.ballast.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps {@code cluster up} prints while its supervisor starts the cluster in the background, each once, as it
 * happens: the supervisor's own steps from its log (Cassandra starting and up, schema, each node JVM started, HTTP
 * load), then from the nodes' status files each node joining, the first commit, and every validator committing.
 */
final class ClusterProgress {
    /** How {@link LocalCluster#log} starts a line: {@code [cluster HH:MM:SS] }. */
    private static final String CLUSTER_PREFIX = "[cluster ";
    private static final String SUPERVISOR_PREFIX = "supervisor: ";

    /**
     * A node's status file, as far as progress goes.
     *
     * @param member           its cluster membership status (Up, Joining, ...), or null when unknown
     * @param validatorHeights height of each validator it hosts
     */
    record NodeStatus(String member, Map<String, Long> validatorHeights) {
        NodeStatus {
            validatorHeights = Map.copyOf(validatorHeights);
        }
    }

    private final int validators;
    private final Set<Integer> joined = new TreeSet<>();
    private final Set<String> committing = new TreeSet<>();
    private boolean allCommitting;

    /** @param validators validators of the genesis ({@link LocalCluster#VALIDATORS}) */
    ClusterProgress(int validators) {
        if (validators < 1) {
            throw new IllegalArgumentException("validators must be >= 1, got " + validators);
        }
        this.validators = validators;
    }

    /** The steps among new lines of the supervisor's log (its other lines, e.g. the load's, are not steps). */
    List<String> onSupervisorLog(List<String> lines) {
        List<String> steps = new ArrayList<>();
        for (String line : lines) {
            int end = line.indexOf("] ");
            if (line.startsWith(CLUSTER_PREFIX) && end > 0) {
                steps.add(line.substring(end + 2));
            } else if (line.startsWith(SUPERVISOR_PREFIX)) {
                steps.add(line.substring(SUPERVISOR_PREFIX.length()));
            }
        }
        return steps;
    }

    /** The steps a node's fresh status shows for the first time. */
    List<String> onNodeStatus(int node, NodeStatus status) {
        List<String> steps = new ArrayList<>();
        if ("Up".equals(status.member()) && joined.add(node)) {
            steps.add("node-" + node + " joined the cluster (" + joined.size() + " up)");
        }
        for (Map.Entry<String, Long> validator : new java.util.TreeMap<>(status.validatorHeights()).entrySet()) {
            if (validator.getValue() > 0 && committing.add(validator.getKey())) {
                steps.add(committing.size() == 1
                        ? "first commit: " + validator.getKey() + " on node-" + node + " at height " + validator.getValue()
                        : validator.getKey() + " committing on node-" + node + " (height " + validator.getValue() + ")");
            }
        }
        if (!allCommitting && committing.size() >= validators) {
            allCommitting = true;
            steps.add("all " + validators + " validators committing; waiting for one per node");
        }
        return steps;
    }
}
