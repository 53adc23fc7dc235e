package io.ballast.persistence;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Guards against a C2 miscompilation seen on this project's machines: on an x86 CPU with AVX-512, HotSpot's C2
 * (JDK 17: 17.0.15 and 17.0.21.1 tested; JDK 25 not affected) partially inlines small array copies with masked
 * vector moves ({@code ArrayOperationPartialInlineSize}, 32 bytes by default), and code that reads a freshly copied
 * array of at most 32 bytes in the same compiled method can read wrong values. {@code Bytes32.wrap} (a clone followed
 * by {@code Arrays.hashCode}) is such code: once compiled, most decoded hashes and keys got a cached hash code that
 * did not match their bytes, so hash maps keyed by them failed. Validators then counted one block's votes under two
 * keys (no quorum: the chain stopped), reported their own votes as equivocation, and nodes executed blocks to
 * different state roots.
 *
 * <p>Measured on this project's 2-core AVX-512 machines ({@code JitSafetyTest}'s probe, 2M copy-then-clone-then-hash
 * calls): OpenJDK 17.0.15 got 1,932,544 hash codes wrong with the default setting, none with {@link #JVM_OPTIONS},
 * none on Temurin 25. A plain copy followed by a hash was not affected in the same run, so {@code Bytes32} was also
 * changed to copy once; the option covers every other code of that shape.
 *
 * <p>The workaround is {@link #JVM_OPTIONS} (switches the partial inlining off). Every JVM Ballast launches gets it
 * (bin/ballast, the local cluster's node and supervisor JVMs, the benchmark forks, Maven's test JVMs except core's, whose tests are the tripwire for this bug); a node refuses
 * to start ({@link #requireSafe()}) on a JVM that still has the risky setting or that miscompiles the pattern in a
 * short probe (~0.3 s). Machines without AVX-512 and non-HotSpot JVMs pass the flag check; the probe still runs.
 */
public final class JitSafety {
    /** JVM options that switch the miscompiled optimization off (diagnostic flag, accepted by product builds). */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArrayOperationPartialInlineSize=0");

    /** Probe iterations: enough for C2 to compile the probe loop here (wrong results from ~50,000 on; ~0.5 s). */
    static final int PROBE_ITERATIONS = 500_000;

    private JitSafety() {}

    /** What the check found. */
    public record Verdict(boolean safe, String reason) {}

    /**
     * Refuses (throws {@link IllegalStateException}) when this JVM may miscompile small array copies: a HotSpot before
     * JDK 25 with AVX-512 ({@code UseAVX} 3) and partial inlining on, or any JVM whose probe saw a wrong copy.
     */
    public static void requireSafe() {
        Verdict verdict = check();
        if (!verdict.safe()) {
            throw new IllegalStateException(verdict.reason());
        }
    }

    /** Prints this JVM's verdict (exit 1 when unsafe): {@code java [options] -cp ballast.jar io.ballast.persistence.JitSafety}. */
    public static void main(String[] args) {
        Verdict verdict = check();
        System.out.println((verdict.safe() ? "safe: " : "UNSAFE: ") + verdict.reason());
        System.exit(verdict.safe() ? 0 : 1);
    }

    public static Verdict check() {
        Verdict byFlags = byFlags(Runtime.version().feature(), vmOption("UseAVX"),
                vmOption("ArrayOperationPartialInlineSize"));
        if (!byFlags.safe()) {
            return byFlags;
        }
        long wrong = probe(PROBE_ITERATIONS);
        if (wrong > 0) {
            return new Verdict(false, "this JVM miscompiles small array copies (" + wrong + " wrong copies in a "
                    + PROBE_ITERATIONS + "-iteration probe); hashes and keys would be corrupted. Start it with "
                    + String.join(" ", JVM_OPTIONS) + ", -XX:UseAVX=2, or another JDK");
        }
        return byFlags;
    }

    /**
     * The decision from the JVM's flags alone. Empty: not readable (the diagnostic flag is only readable once
     * diagnostic options are unlocked; then it has its default, on with AVX-512) or not a HotSpot JVM.
     */
    static Verdict byFlags(int javaFeature, Optional<String> useAvx, Optional<String> partialInlineSize) {
        boolean avx512 = useAvx.map(v -> parse(v) >= 3).orElse(false);
        boolean partialInlining = partialInlineSize.map(v -> parse(v) > 0).orElse(avx512);
        if (javaFeature < 25 && avx512 && partialInlining) {
            return new Verdict(false, "JDK " + javaFeature + " with UseAVX=" + useAvx.get()
                    + " and ArrayOperationPartialInlineSize=" + partialInlineSize.orElse("default")
                    + ": C2 miscompiles small array copies on this setting (wrong hash codes of decoded hashes and "
                    + "keys: stalled consensus, false equivocation reports, diverging state roots). Start the JVM with "
                    + String.join(" ", JVM_OPTIONS) + " (bin/ballast and the cluster launchers do)");
        }
        return new Verdict(true, "JDK " + javaFeature + ", UseAVX=" + useAvx.orElse("n/a")
                + ", ArrayOperationPartialInlineSize=" + partialInlineSize.orElse("n/a"));
    }

    /**
     * Copies a 32-byte slice into a fresh array and hashes it in the same method, the shape C2 got wrong, and counts
     * results that differ from a hash of the source. Deterministic input; bounded by {@code iterations}.
     */
    static long probe(int iterations) {
        byte[] source = new byte[96];
        long state = 0x9E3779B97F4A7C15L;
        long wrong = 0;
        for (int i = 0; i < iterations; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            int offset = (int) ((state >>> 33) & 31);
            source[offset] = (byte) state;
            source[offset + 31] = (byte) (state >>> 8);
            if (copyAndHash(source, offset) != sliceHash(source, offset)) {
                wrong++;
            }
        }
        return wrong;
    }

    private static int copyAndHash(byte[] source, int offset) {
        byte[] copy = Arrays.copyOfRange(source, offset, offset + 32).clone();
        return Arrays.hashCode(copy);
    }

    private static int sliceHash(byte[] source, int offset) {
        int hash = 1;
        for (int i = offset; i < offset + 32; i++) {
            hash = 31 * hash + source[i];
        }
        return hash;
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<String> vmOption(String name) {
        try {
            com.sun.management.HotSpotDiagnosticMXBean bean =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean == null ? Optional.empty() : Optional.of(bean.getVMOption(name).getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return Optional.empty(); // not a HotSpot JVM, or no such flag: the probe still runs
        }
    }
}
