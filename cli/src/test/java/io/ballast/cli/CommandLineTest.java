package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.keys.KeyFile;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    private static final Pattern ROOT = Pattern.compile("state root ([0-9a-f]{64})");

    private record Run(int exitCode, String out, String err) {
        String stateRoot() {
            Matcher matcher = ROOT.matcher(out);
            assertTrue(matcher.find(), "no state root in output:\n" + out);
            return matcher.group(1);
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEverySubcommand() {
        Run help = run("help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("ledger demo", "ledger replay", "genesis new", "keys new", "sim", "bench ledger", "bench consensus",
                "bench cluster [--quick] [--nodes N] [--json FILE]")) {
            assertTrue(help.out().contains(command), command);
        }
    }

    @Test
    void benchClusterRefusesUnknownOptionsBeforeStartingAnything() {
        assertEquals(2, run("bench", "cluster", "--minutes", "3").exitCode());
        assertEquals(2, run("bench", "cluster", "--accounts", "10").exitCode()); // fewer than the 256 clients
        Run jmh = run("bench", "ledger");
        assertEquals(2, jmh.exitCode());
        assertTrue(jmh.err().contains("bench module's jar"), jmh.err());
    }

    @Test
    void devnetWhoseApiCannotServeStopsWithExitCodeOne(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run devnet = run("devnet", "--data-dir", dir.resolve("data").toString(), "--fresh", "--no-traders",
                    "--seconds", "60", "--http-port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, devnet.exitCode(), devnet.out() + devnet.err());
            assertTrue(devnet.out().contains("HTTP API not started on 127.0.0.1:" + taken.getLocalPort()), devnet.out());
        }
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertEquals(2, run("frobnicate").exitCode());
        Run typo = run("ledger", "demo", "--sed", "3");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("unknown option --sed"), typo.err());
        assertEquals(2, run("ledger", "demo", "--blocks", "many").exitCode());
    }

    @Test
    void demoIsDeterministicAndItsReplayReachesTheSameRoot(@TempDir Path dir) {
        Run demo = run("ledger", "demo", "--seed", "11", "--traders", "12", "--blocks", "120", "--write", dir.toString());
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(demo.out().contains("cash conserved: true"), demo.out());
        assertTrue(demo.out().contains("crash"), demo.out());
        Run again = run("ledger", "demo", "--seed", "11", "--traders", "12", "--blocks", "120");
        assertEquals(demo.stateRoot(), again.stateRoot());
        Run otherSeed = run("ledger", "demo", "--seed", "12", "--traders", "12", "--blocks", "120");
        assertNotEquals(demo.stateRoot(), otherSeed.stateRoot());

        Run replay = run("ledger", "replay", dir.resolve("session.jsonl").toString(),
                "--genesis", dir.resolve("genesis.json").toString());
        assertEquals(0, replay.exitCode(), replay.err());
        assertEquals(demo.stateRoot(), replay.stateRoot());
        assertTrue(replay.out().contains("REJECTED"), "the session includes rejected transactions with reasons");
    }

    @Test
    void replayNamesTheBadLineAndAppliesNothing(@TempDir Path dir) throws Exception {
        run("ledger", "demo", "--seed", "3", "--traders", "3", "--blocks", "20", "--write", dir.toString());
        Path session = dir.resolve("session.jsonl");
        List<String> lines = Files.readAllLines(session);
        List<String> broken = new java.util.ArrayList<>(lines);
        broken.set(3, broken.get(3).replace("\"nonce\"", "\"nounce\""));
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, broken);
        Run replay = run("ledger", "replay", bad.toString(), "--genesis", dir.resolve("genesis.json").toString());
        assertEquals(1, replay.exitCode());
        assertTrue(replay.err().contains("line 4"), replay.err());
        assertTrue(replay.out().isEmpty(), "nothing applied before the whole file parsed");
    }

    @Test
    void genesisNewWritesLoadableGenesisAndPrivateKeyFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("net");
        Run run = run("genesis", "new", "--out", out.toString(), "--validators", "5");
        assertEquals(0, run.exitCode(), run.err());
        Genesis genesis = Genesis.fromJson(Files.readString(out.resolve("genesis.json")));
        assertEquals(5, genesis.validators().size());
        Path validatorKey = out.resolve("validator-4.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(validatorKey)));
        KeyPair key = KeyFile.read(validatorKey);
        assertEquals(genesis.validators().get(4).key(), key.publicKey());
        assertEquals(2, run("genesis", "new", "--out", out.toString()).exitCode(), "refuses to overwrite");
    }
}
