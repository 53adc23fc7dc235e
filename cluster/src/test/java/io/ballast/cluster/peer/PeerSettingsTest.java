package io.ballast.cluster.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class PeerSettingsTest {
    @Test
    void theShippedDefaultsLoadAndAreSafe() {
        PeerSettings defaults = PeerSettings.defaults();
        assertEquals(8 * 1024 * 1024, defaults.maxFramePayloadBytes());
        assertEquals(2, defaults.maxConnectionsPerPeer());
        assertTrue(defaults.heartbeatIntervalMillis() * 2 <= defaults.idleTimeoutMillis());
        assertTrue(defaults.byteBurst() >= defaults.maxFramePayloadBytes());
        assertTrue(defaults.cipherSuites().contains("TLS_AES_256_GCM_SHA384"));
        assertEquals("127.0.0.1", defaults.bindHost());
    }

    @Test
    void everyTunableComesFromHocon() {
        PeerSettings settings = PeerSettings.load(ConfigFactory.parseString(
                "ballast.peer { frames-per-second = 7, idle-timeout = 9s, reconnect.max-backoff = 3s }"));
        assertEquals(7, settings.framesPerSecond());
        assertEquals(9_000, settings.idleTimeoutMillis());
        assertEquals(3_000, settings.maxBackoffMillis());
    }

    @Test
    void contradictoryValuesAreRefused() {
        assertRefused("heartbeat-interval = 10s, idle-timeout = 15s");
        assertRefused("byte-burst = 1 MiB");
        assertRefused("outbound-queue-bytes = 1 MiB");
        assertRefused("tls.cipher-suites = [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]");
        assertRefused("frames-per-second = 0");
        assertRefused("reconnect { min-backoff = 5s, max-backoff = 1s }");
    }

    private static void assertRefused(String override) {
        assertThrows(IllegalArgumentException.class,
                () -> PeerSettings.load(ConfigFactory.parseString("ballast.peer { " + override + " }")), override);
    }
}
