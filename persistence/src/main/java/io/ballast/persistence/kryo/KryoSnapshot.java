package io.ballast.persistence.kryo;

/**
 * Marker for large snapshots serialized by {@link KryoSerializer} (bound in
 * {@code serialization.conf}). Every class reachable from the snapshot must be registered
 * with an explicit id, in {@code ballast.kryo.classes} or a {@link KryoRegistrar}.
 */
public interface KryoSnapshot {}
