package io.ballast.persistence;

/**
 * Marker for commands, events, replies and state serialized with Pekko's Jackson CBOR
 * serializer (bound in {@code serialization.conf}). Records work as they are: the build
 * compiles with {@code -parameters}. To change a persisted class, write a
 * {@code org.apache.pekko.serialization.jackson.JacksonMigration} and register it under
 * {@code pekko.serialization.jackson.migrations}; see persistence/README.md.
 */
public interface CborSerializable {}
