package io.ballast.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JitSafetyTest {
    @Test
    void refusesJdk17WithAvx512AndPartialInlining() {
        assertFalse(JitSafety.byFlags(17, Optional.of("3"), Optional.of("32")).safe());
        assertFalse(JitSafety.byFlags(17, Optional.of("3"), Optional.empty()).safe(), "unreadable: its default (on)");
        assertTrue(JitSafety.byFlags(17, Optional.of("3"), Optional.of("0")).safe(), "the workaround");
        assertTrue(JitSafety.byFlags(17, Optional.of("2"), Optional.empty()).safe(), "no AVX-512");
        assertTrue(JitSafety.byFlags(25, Optional.of("3"), Optional.of("32")).safe(), "JDK 25 did not miscompile");
        assertTrue(JitSafety.byFlags(17, Optional.empty(), Optional.empty()).safe(), "not HotSpot: the probe decides");
    }

    /** Maven's test JVMs get the options like every launched JVM (root pom), so in-process nodes in tests start. */
    @Test
    void thisTestJvmPassesTheCheck() {
        JitSafety.Verdict verdict = JitSafety.check();
        assertTrue(verdict.safe(), verdict.reason());
    }

    /** The options every launcher passes give a JVM that copies correctly (fails on this machine without them). */
    @Test
    void aJvmWithTheLauncherOptionsIsSafe() throws Exception {
        Result result = runChild(JitSafety.JVM_OPTIONS);
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().startsWith("safe:"), result.output());
    }

    /** Without them, on a CPU with AVX-512 and a JDK before 25, the node refuses to start. */
    @Test
    void aJvmWithoutThemIsRefusedOnAnAffectedMachine() throws Exception {
        assumeTrue(Runtime.version().feature() < 25 && avx512(), "needs a JDK before 25 on a CPU with AVX-512");
        Result result = runChild(List.of());
        assertEquals(1, result.exit(), result.output());
        assertTrue(result.output().startsWith("UNSAFE:"), result.output());
    }

    /** The miscompilation itself, without the guard's flag check: the probe finds wrong copies (same machine caveat). */
    @Test
    void theProbeSeesWrongCopiesWithoutTheOptions() throws Exception {
        assumeTrue(Runtime.version().feature() < 25 && avx512(), "needs a JDK before 25 on a CPU with AVX-512");
        Result result = runChild(List.of("-Dballast.jit-probe-only=true"));
        assertTrue(result.output().contains("wrong copies:"), result.output());
        long wrong = Long.parseLong(result.output().replaceAll("(?s).*wrong copies: (\\d+).*", "$1"));
        assertTrue(wrong > 0, "C2 miscompiled the copy-and-hash probe: " + result.output());
    }

    private record Result(int exit, String output) {}

    private static Result runChild(List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProbeMain.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe JVM did not finish in 120 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    /** The child: the verdict as {@link JitSafety#main} prints it, or only the probe's count. */
    static final class ProbeMain {
        public static void main(String[] args) {
            if (Boolean.getBoolean("ballast.jit-probe-only")) {
                System.out.println("wrong copies: " + JitSafety.probe(JitSafety.PROBE_ITERATIONS * 4));
                return;
            }
            JitSafety.main(args);
        }
    }

    private static boolean avx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains("avx512");
        } catch (Exception e) {
            return false;
        }
    }
}
