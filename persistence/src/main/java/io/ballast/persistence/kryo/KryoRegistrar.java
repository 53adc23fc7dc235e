package io.ballast.persistence.kryo;

import com.esotericsoftware.kryo.Kryo;

/**
 * Registers classes (and custom serializers) on each new {@link Kryo} instance. Listed in
 * {@code ballast.kryo.registrars}; needs a public no-arg constructor. Always pass explicit ids
 * ({@code kryo.register(type, id)}) of at least {@link KryoSerializer#FIRST_APPLICATION_ID}:
 * ids are stored in snapshots, registration order is not.
 */
public interface KryoRegistrar {
  void register(Kryo kryo);
}
