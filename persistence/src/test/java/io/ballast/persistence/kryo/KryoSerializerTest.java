package io.ballast.persistence.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.typesafe.config.ConfigFactory;
import io.ballast.persistence.counter.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KryoSerializerTest {
  record Position(String market, long sizeE8, long[] fillsE8) implements KryoSnapshot {}

  record Book(List<Position> positions, TreeMap<String, Long> balancesE8)
      implements KryoSnapshot {}

  record Unregistered(long value) implements KryoSnapshot {}

  /** Registers in code, as a domain module would. */
  public static final class TestRegistrar implements KryoRegistrar {
    @Override
    public void register(Kryo kryo) {
      kryo.register(Position.class, 200);
      kryo.register(Book.class, 201);
    }
  }

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit =
        ActorTestKit.create(
            ConfigFactory.parseString(
                    "ballast.kryo.registrars = [\"" + TestRegistrar.class.getName() + "\"]")
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Book sampleBook() {
    TreeMap<String, Long> balances = new TreeMap<>();
    balances.put("alice", 1_000_00000000L);
    balances.put("bob", -5L);
    List<Position> positions = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      positions.add(new Position("BTC-PERP-" + i, i * 3L, new long[] {i, -i}));
    }
    return new Book(positions, balances);
  }

  @Test
  void snapshotsAreBoundToKryo() {
    assertInstanceOf(KryoSerializer.class, serialization.findSerializerFor(sampleBook()));
    assertInstanceOf(KryoSerializer.class, serialization.findSerializerFor(Counter.State.empty()));
  }

  @Test
  void roundTripPreservesRegisteredClasses() {
    Book book = sampleBook();
    byte[] bytes = serialization.serialize(book).get();

    assertEquals(KryoSerializer.FORMAT_VERSION, bytes[0]);
    Book read = (Book) serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get();
    assertEquals(book.balancesE8(), read.balancesE8());
    assertEquals(book.positions().size(), read.positions().size());
    Position last = book.positions().get(999);
    assertEquals(last.market(), read.positions().get(999).market());
    assertArrayEquals(last.fillsE8(), read.positions().get(999).fillsE8());
  }

  @Test
  void configuredClassesAreRegisteredWithTheirIds() {
    Counter.State state = Counter.State.empty();
    byte[] bytes = serialization.serialize(state).get();

    assertEquals(state, serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get());
  }

  @Test
  void unregisteredClassIsRejectedWithAClearError() {
    Throwable failure =
        assertThrows(
            IllegalArgumentException.class, () -> serialization.serialize(new Unregistered(1)).get());

    assertTrue(failure.getMessage().contains(Unregistered.class.getName()), failure.getMessage());
    assertTrue(failure.getMessage().contains("ballast.kryo.classes"), failure.getMessage());
  }

  @Test
  void unknownFormatVersionIsRejected() {
    byte[] bytes = serialization.serialize(Counter.State.empty()).get();
    bytes[0] = 99;

    Throwable failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get());
    assertTrue(failure.getMessage().contains("format version 99"), failure.getMessage());
  }

  @Test
  void idsBelowTheApplicationRangeAreRefused() {
    var settings =
        new KryoSettings(
            List.of(new KryoSettings.Registration(Unregistered.class.getName(), 42)),
            List.of(),
            4096,
            1 << 20);

    assertThrows(
        IllegalArgumentException.class,
        () -> new KryoSerializer(settings, getClass().getClassLoader()));
  }

  @Test
  void concurrentUseIsSafe() throws Exception {
    Book book = sampleBook();
    byte[] expected = serialization.serialize(book).get();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<byte[]>> tasks = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        tasks.add(
            () -> {
              byte[] bytes = serialization.serialize(book).get();
              serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get();
              return bytes;
            });
      }
      for (Future<byte[]> result : pool.invokeAll(tasks)) {
        assertArrayEquals(expected, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
