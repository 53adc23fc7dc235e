package io.ballast.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.LedgerFixtures;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every command, reply, event and state of the operator entity goes through the project's Jackson CBOR binding
 * ({@code CborSerializable} in serialization.conf, never Java serialization) and comes back equal; nothing persisted
 * holds the operator's secret key.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class OracleSerializationTest {
    private static final KeyPair KEY = LedgerFixtures.ORACLES.get(0);
    private static final String CHAIN_ID = "ballast-test";

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder()
            .withCustomConfig(ConfigFactory.parseResources("serialization.conf")
                    .withFallback(ConfigFactory.load()))
            .build();

    private static final List<ReportingMode> MODES = List.of(new ReportingMode.Honest(), new ReportingMode.WildPrice(3.5),
            new ReportingMode.StaleReplay(), new ReportingMode.Silent());

    private static PreparedReport price(long timestampMillis) {
        return PreparedReport.prepare(CHAIN_ID, KEY.publicKey(), PreparedReport.Kind.PRICE, "BTC-PERP", 60_000_000_000L,
                timestampMillis);
    }

    private static PreparedReport vol(long timestampMillis) {
        return PreparedReport.prepare(CHAIN_ID, KEY.publicKey(), PreparedReport.Kind.VOLATILITY, "BTC-PERP", 600_000,
                timestampMillis);
    }

    @Test
    void commandsRepliesEventsAndStateRoundTripThroughJacksonCbor() {
        TestProbe<Object> probe = testKit.createTestProbe();
        OracleOperator.RoundPrepared round = new OracleOperator.RoundPrepared(2, 1_000, List.of(price(1_000), vol(1_001)));
        OracleOperator.State state = OracleOperator.State.initial(new ReportingMode.Honest()).after(
                new OracleOperator.RoundPrepared(1, 900, List.of(price(900)))).after(round).withMode(new ReportingMode.WildPrice(2));
        List<Object> samples = new java.util.ArrayList<>(List.of(
                OracleOperator.Start.INSTANCE, OracleOperator.Tick.INSTANCE, OracleOperator.Passivate.INSTANCE,
                new OracleOperator.ReportNow(probe.ref().narrow()),
                new OracleOperator.GetStatus(probe.ref().narrow()),
                new OracleOperator.RoundOutcome("oracle-0", OracleOperator.RoundResult.SIGNED, 2, 2),
                new OracleOperator.Status("oracle-0", KEY.publicKey().toHex(), new ReportingMode.StaleReplay(), 7, 9, 14,
                        Map.of("BTC-PERP", 1_000L)),
                round, state, price(5)));
        for (ReportingMode mode : MODES) {
            samples.add(new OracleOperator.SetMode(mode, probe.ref().narrow()));
            samples.add(new OracleOperator.ModeChanged(mode));
            samples.add(new OracleOperator.ModeOutcome("oracle-0", OracleOperator.ModeResult.CHANGED, mode));
        }
        Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
        String secretHex = HexFormat.of().formatHex(KEY.secretSeed());
        for (Object sample : samples) {
            Serializer serializer = serialization.findSerializerFor(sample);
            assertEquals("org.apache.pekko.serialization.jackson.JacksonCborSerializer", serializer.getClass().getName(),
                    sample.getClass().getName());
            byte[] bytes = serialization.serialize(sample).get();
            Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, sample)).get();
            assertEquals(sample, back, sample.getClass().getName());
            assertFalse(HexFormat.of().formatHex(bytes).contains(secretHex), "no secret key in " + sample);
        }
        assertTrue(state.lastVolByMarket().containsKey("BTC-PERP"));
    }
}
