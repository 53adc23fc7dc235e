package io.ballast.actors.liquidator;

import io.ballast.core.crypto.KeyPair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every liquidator of a node shares.
 *
 * @param partitions          market ids per partition (partition p = {@code partitions.get(p)})
 * @param replicas            liquidators per partition (entity ids {@code liquidator-<p>-<r>})
 * @param maxSubmissionsPerBlock at most this many Liquidate transactions per block per liquidator
 * @param keys                reads the keeper key of a liquidator id (a key file in the data dir)
 */
public record LiquidatorSetup(String chainId, List<List<String>> partitions, int replicas, int maxSubmissionsPerBlock,
                              KeySource keys, KeeperPorts ports) {
    public LiquidatorSetup {
        partitions = partitions.stream().map(List::copyOf).toList();
        if (partitions.isEmpty() || replicas < 1 || maxSubmissionsPerBlock < 1) {
            throw new IllegalArgumentException("need ≥ 1 partition, ≥ 1 replica, ≥ 1 submission per block");
        }
    }

    @FunctionalInterface
    public interface KeySource {
        KeyPair load(String liquidatorId) throws IOException;
    }

    public static String id(int partition, int replica) {
        return "liquidator-" + partition + "-" + replica;
    }

    /** The partition of {@code liquidator-<p>-<r>}. */
    public static int partitionOf(String liquidatorId) {
        String[] parts = liquidatorId.split("-");
        if (parts.length != 3 || !parts[0].equals("liquidator")) {
            throw new IllegalArgumentException("not a liquidator id: " + liquidatorId);
        }
        return Integer.parseInt(parts[1]);
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            for (int r = 0; r < replicas; r++) {
                ids.add(id(p, r));
            }
        }
        return ids;
    }
}
