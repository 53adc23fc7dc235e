package io.ballast.oracle;

import io.ballast.core.crypto.KeyPair;
import io.ballast.keys.KeyFile;
import io.ballast.oracle.source.PriceSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * What every oracle operator entity of one node shares: its settings, the genesis' operators, where signing keys come
 * from (the node's key files, never the journal), each operator's price source, where reports go on this node, and
 * the wall clock.
 *
 * @param sources    the price source of the operator with this genesis index (each operator may see its own view)
 * @param clockMillis the wall clock; read once per round
 * @param fence      asked before every journal write of a round and again before its reports are signed and sent
 */
public record OracleSetup(OperatorSettings settings, OracleIds ids, KeySource keys, IntFunction<PriceSource> sources,
                          ReportSink sink, LongSupplier clockMillis, Fence fence) {
    /** Loads an operator's signing key by entity id. */
    @FunctionalInterface
    public interface KeySource {
        KeyPair load(String operatorId) throws IOException;

        /** {@code dir/<operatorId>.key} in {@link KeyFile} format (the files {@code bin/ballast genesis new} writes). */
        static KeySource directory(Path dir) {
            return id -> KeyFile.read(dir.resolve(id + ".key"));
        }
    }

    /**
     * Whether this incarnation of an operator may sign now: the local check of its shard's lease, so that a node that
     * was paused or cut off while its operator moved elsewhere signs nothing more ({@link #NONE}: no lease, one JVM).
     */
    @FunctionalInterface
    public interface Fence {
        Fence NONE = operatorId -> true;

        boolean maySign(String operatorId);
    }

    /** Without a fence ({@link Fence#NONE}). */
    public OracleSetup(OperatorSettings settings, OracleIds ids, KeySource keys, IntFunction<PriceSource> sources,
                       ReportSink sink, LongSupplier clockMillis) {
        this(settings, ids, keys, sources, sink, clockMillis, Fence.NONE);
    }

    public OracleSetup {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(clockMillis, "clockMillis");
        Objects.requireNonNull(fence, "fence");
    }

    public OracleSetup withFence(Fence newFence) {
        return new OracleSetup(settings, ids, keys, sources, sink, clockMillis, newFence);
    }

    /** With the system wall clock and no fence. */
    public static OracleSetup of(OperatorSettings settings, OracleIds ids, KeySource keys, IntFunction<PriceSource> sources,
                                 ReportSink sink) {
        return new OracleSetup(settings, ids, keys, sources, sink, System::currentTimeMillis);
    }
}
