package io.ballast.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Nft#delay}: a TCP echo between two loopback addresses of its own (127.0.0.41 → .42, never used by the
 * suite's nodes) measured without, with and after a 150 ms delay on one direction; a dead delay program lets
 * packets through undelayed (queue bypass); close leaves no program, no chain, no table. Needs root, nft,
 * iptables and gcc, like the chaos suite.
 */
@Tag("cluster")
class NfqDelayTest {
    private static final String CLIENT = "127.0.0.41";
    private static final String SERVER = "127.0.0.42";
    private static final long DELAY_MILLIS = 150;
    private static final long UNDELAYED_MEDIAN_MILLIS_MAX = 50;
    private static final int ROUND_TRIPS = 10;
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    @TempDir
    static Path workDir;
    private Nft nft;
    private ServerSocket server;
    private Thread echo;
    private Socket client;

    @BeforeEach
    void connect() throws IOException {
        nft = Nft.create(workDir);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(SERVER), 0));
        echo = new Thread(this::echo, "echo");
        echo.setDaemon(true);
        echo.start();
        client = new Socket();
        client.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
        client.connect(server.getLocalSocketAddress(), SOCKET_TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
        client.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
    }

    @AfterEach
    void disconnect() throws Exception {
        try {
            client.close();
            server.close();
            echo.join(5_000);
        } finally {
            nft.close();
        }
    }

    @Test
    void delayAddsItsTimeToOneDirectionAndHealRemovesIt() throws Exception {
        List<Long> before = roundTripsMillis();
        assertTrue(median(before) < UNDELAYED_MEDIAN_MILLIS_MAX, "undelayed round trips " + before);

        nft.delay(CLIENT, SERVER, DELAY_MILLIS);
        List<Long> delayed = roundTripsMillis();
        assertTrue(Collections.min(delayed) >= DELAY_MILLIS, "every round trip delayed by at least "
                + DELAY_MILLIS + " ms: " + delayed);
        assertTrue(median(delayed) < 2 * DELAY_MILLIS, "only client → server is delayed, not the echo: " + delayed);
        byte[] sent = new byte[1 << 20];
        new Random(7).nextBytes(sent);
        assertArrayEquals(sent, echoed(sent), "1 MiB through the delayed link arrives whole and in order");
        NfqDelayer delayer = nft.delayers().get(DELAY_MILLIS);
        assertTrue(delayer.isAlive());

        nft.heal();
        List<Long> after = roundTripsMillis();
        System.out.printf("[latency] round trips %s -> %s: before %s ms, with +%d ms one way %s ms, after heal %s ms%n",
                CLIENT, SERVER, before, DELAY_MILLIS, delayed, after);
        assertTrue(median(after) < UNDELAYED_MEDIAN_MILLIS_MAX, "healed round trips " + after);
        assertFalse(delayer.isAlive(), "heal stops the delay program");
        String counters = lastExitLine(delayer.queueNumber());
        assertTrue(counters.contains(" exit=signal ") && counters.contains(" overflow=0 ") && counters.contains(" enobufs=0 "),
                "stopped by SIGTERM, nothing passed undelayed: " + counters);
        assertTrue(nft.delayers().isEmpty());
        assertEquals("-N " + nft.queueChain(), QueueRules.iptables("-S", nft.queueChain()).strip(),
                "heal leaves the queue chain empty");
    }

    @Test
    void aDeadDelayProgramMeansNoDelayNotABlackHole() throws Exception {
        nft.delay(CLIENT, SERVER, DELAY_MILLIS);
        assertTrue(Collections.min(roundTripsMillis()) >= DELAY_MILLIS);
        NfqDelayer delayer = nft.delayers().get(DELAY_MILLIS);
        ProcessHandle.of(delayer.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertTrue(LocalCluster.await(Duration.ofSeconds(10), () -> !delayer.isAlive()), "kill -9 of the delay program");
        // a packet held at the moment of the kill is dropped with the socket; TCP retransmits it
        List<Long> bypassed = roundTripsMillis();
        assertTrue(median(bypassed) < UNDELAYED_MEDIAN_MILLIS_MAX, "queue bypass with the rule still in place: " + bypassed);
        assertTrue(QueueRules.iptables("-S", nft.queueChain()).contains("NFQUEUE"), "the rule is still there");
    }

    @Test
    void closeStopsTheProgramAndRemovesTheChainAndTheTable() throws Exception {
        nft.delay(CLIENT, SERVER, DELAY_MILLIS);
        nft.delay(SERVER, CLIENT, 2 * DELAY_MILLIS);
        assertTrue(Collections.min(roundTripsMillis()) >= 3 * DELAY_MILLIS, "both directions, two programs");
        List<NfqDelayer> delayers = List.copyOf(nft.delayers().values());
        assertEquals(2, delayers.size());
        assertTrue(delayers.get(0).queueNumber() != delayers.get(1).queueNumber());

        nft.close();
        for (NfqDelayer delayer : delayers) {
            assertFalse(delayer.isAlive(), "program of queue " + delayer.queueNumber() + " stopped");
        }
        assertFalse(QueueRules.succeeds("-S", nft.queueChain()), "iptables chain " + nft.queueChain() + " deleted");
        assertFalse(QueueRules.iptables("-S", "OUTPUT").contains(nft.queueChain()), "no jump to it left");
        assertFalse(nftTableExists(nft.table()), "table " + nft.table() + " deleted");
        assertTrue(median(roundTripsMillis()) < UNDELAYED_MEDIAN_MILLIS_MAX);
    }

    @Test
    void onlyLoopbackAddressesAndBoundedDelays() {
        assertThrows(IllegalArgumentException.class, () -> nft.delay("10.0.0.1", SERVER, DELAY_MILLIS));
        assertThrows(IllegalArgumentException.class, () -> nft.delay(CLIENT, "192.168.1.2", DELAY_MILLIS));
        assertThrows(IllegalArgumentException.class, () -> nft.delay(CLIENT, SERVER, 0));
        assertThrows(IllegalArgumentException.class, () -> nft.delay(CLIENT, SERVER, Nft.MAX_DELAY_MILLIS + 1));
        assertTrue(nft.delayers().isEmpty());
    }

    private List<Long> roundTripsMillis() throws IOException {
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            out.write(i);
            out.flush();
            assertEquals(i, in.read(), "echo of byte " + i);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        return millis;
    }

    private byte[] echoed(byte[] sent) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                client.getOutputStream().write(sent);
                client.getOutputStream().flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "bulk-writer");
        writer.start();
        byte[] received = new byte[sent.length];
        new DataInputStream(client.getInputStream()).readFully(received);
        writer.join(SOCKET_TIMEOUT_MILLIS);
        return received;
    }

    private void echo() {
        try (Socket peer = server.accept()) {
            peer.setTcpNoDelay(true);
            InputStream in = peer.getInputStream();
            OutputStream out = peer.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException closed) {
            // the test closed the connection
        }
    }

    /** The program's final counters line for {@code queue} from {@code nfq-delay.log}. */
    private static String lastExitLine(int queue) throws IOException {
        List<String> lines = Files.readAllLines(workDir.resolve("nfq-delay.log"));
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("queue=" + queue + " exit=")) {
                return lines.get(i);
            }
        }
        throw new AssertionError("no exit line for queue " + queue + " in " + lines);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static boolean nftTableExists(String table) throws Exception {
        Process list = new ProcessBuilder("nft", "list", "table", "inet", table).redirectErrorStream(true).start();
        list.getInputStream().readAllBytes();
        assertTrue(list.waitFor(15, TimeUnit.SECONDS));
        return list.exitValue() == 0;
    }
}
