package io.ballast.persistence.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.JSerializer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Pekko serializer for {@link KryoSnapshot}s.
 *
 * <p>Format: one format-version byte ({@link #FORMAT_VERSION}), then Kryo's class id and object.
 * Registration is required, with explicit ids, so a stored snapshot never depends on the order
 * classes happened to be registered in. Kryo instances are not thread-safe; each call borrows
 * one from a pool.
 */
public final class KryoSerializer extends JSerializer {
  public static final int IDENTIFIER = 7_101;
  public static final byte FORMAT_VERSION = 1;
  public static final int FIRST_APPLICATION_ID = 100;
  private static final int MAX_POOLED_INSTANCES = 16;

  private final KryoSettings settings;
  private final Pool<Kryo> pool;

  public KryoSerializer(ExtendedActorSystem system) {
    this(KryoSettings.fromConfig(system.settings().config().getConfig("ballast.kryo")),
        system.dynamicAccess().classLoader());
  }

  public KryoSerializer(KryoSettings settings, ClassLoader classLoader) {
    this.settings = settings;
    this.pool =
        new Pool<>(true, false, MAX_POOLED_INSTANCES) {
          @Override
          protected Kryo create() {
            return newKryo(settings, classLoader);
          }
        };
    pool.free(pool.obtain()); // fail at start-up, not at the first snapshot, on bad settings
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object snapshot) {
    Kryo kryo = pool.obtain();
    try (Output output = new Output(settings.initialBufferBytes(), settings.maxBufferBytes())) {
      output.writeByte(FORMAT_VERSION);
      kryo.writeClassAndObject(output, snapshot);
      return output.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Kryo cannot serialize " + snapshot.getClass().getName() + ": " + e.getMessage()
              + "\nEvery class reachable from a KryoSnapshot needs an explicit registration in"
              + " ballast.kryo.classes or a KryoRegistrar.",
          e);
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    if (bytes.length == 0 || bytes[0] != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "Unsupported Kryo snapshot format version "
              + (bytes.length == 0 ? "(empty payload)" : Byte.toString(bytes[0]))
              + "; this build reads version " + FORMAT_VERSION);
    }
    Kryo kryo = pool.obtain();
    try (Input input = new Input(bytes, 1, bytes.length - 1)) {
      return kryo.readClassAndObject(input);
    } catch (KryoException e) {
      throw new IllegalArgumentException(
          "Kryo cannot read snapshot (class registrations changed incompatibly?): "
              + e.getMessage(),
          e);
    } finally {
      pool.free(kryo);
    }
  }

  static Kryo newKryo(KryoSettings settings, ClassLoader classLoader) {
    Kryo kryo = new Kryo();
    kryo.setClassLoader(classLoader);
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    // Records and no-arg classes use their constructors; others are created without one.
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    registerJdkClasses(kryo);
    for (KryoSettings.Registration registration : settings.classes()) {
      register(kryo, loadClass(registration.className(), classLoader), registration.id());
    }
    for (String registrarClassName : settings.registrarClassNames()) {
      newRegistrar(registrarClassName, classLoader).register(kryo);
    }
    return kryo;
  }

  /** Ids 20..99 are this serializer's; never change one, only add below 100. */
  private static void registerJdkClasses(Kryo kryo) {
    kryo.register(ArrayList.class, 20);
    kryo.register(HashMap.class, 21);
    kryo.register(LinkedHashMap.class, 22);
    kryo.register(TreeMap.class, 23);
    kryo.register(HashSet.class, 24);
    kryo.register(LinkedHashSet.class, 25);
    kryo.register(TreeSet.class, 26);
    kryo.register(byte[].class, 27);
    kryo.register(int[].class, 28);
    kryo.register(long[].class, 29);
    kryo.register(String[].class, 30);
    kryo.register(Object[].class, 31);
    kryo.register(BigInteger.class, 32);
    kryo.register(BigDecimal.class, 33);
    kryo.register(boolean[].class, 34);
  }

  private static void register(Kryo kryo, Class<?> type, int id) {
    if (id < FIRST_APPLICATION_ID) {
      throw new IllegalArgumentException(
          "ballast.kryo.classes: id " + id + " of " + type.getName() + " is below "
              + FIRST_APPLICATION_ID + " (reserved)");
    }
    Registration existing = kryo.getClassResolver().getRegistration(id);
    if (existing != null && existing.getType() != type) {
      throw new IllegalArgumentException(
          "ballast.kryo.classes: id " + id + " given to both " + existing.getType().getName()
              + " and " + type.getName());
    }
    kryo.register(type, id);
  }

  private static Class<?> loadClass(String className, ClassLoader classLoader) {
    try {
      return Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("ballast.kryo.classes: no class " + className, e);
    }
  }

  private static KryoRegistrar newRegistrar(String className, ClassLoader classLoader) {
    try {
      Object registrar = loadClass(className, classLoader).getConstructor().newInstance();
      if (!(registrar instanceof KryoRegistrar)) {
        throw new IllegalArgumentException(
            "ballast.kryo.registrars: " + className + " does not implement KryoRegistrar");
      }
      return (KryoRegistrar) registrar;
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "ballast.kryo.registrars: cannot instantiate " + className, e);
    }
  }
}
