package io.ballast.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The latency injector's binary: {@code nfq_delay.c} (a resource of this module, so it also works from the
 * {@code bin/ballast} jar) compiled with {@code gcc -O2} into a work directory on first use, named by the
 * source's hash so a changed source is rebuilt and an unchanged one reused. No gcc: fails loudly.
 */
public final class NfqDelayProgram {
    static final String SOURCE_RESOURCE = "nfq_delay.c";
    private static final long COMPILE_TIMEOUT_SECONDS = 120;

    private NfqDelayProgram() {}

    /** The compiled program in {@code dir} (built now if missing). */
    public static synchronized Path compile(Path dir) {
        byte[] source = source();
        Path binary = dir.toAbsolutePath().resolve("nfq_delay-" + HexFormat.of().formatHex(sha256(source), 0, 6));
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(dir);
            Path sourceFile = dir.toAbsolutePath().resolve(SOURCE_RESOURCE);
            Files.write(sourceFile, source);
            Path partial = binary.resolveSibling(binary.getFileName() + ".partial");
            gcc(sourceFile, partial);
            Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("building the latency injector in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void gcc(Path source, Path output) throws IOException {
        Path messages = output.resolveSibling("nfq_delay-gcc.log");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", output.toString(), source.toString())
                    .redirectErrorStream(true).redirectOutput(messages.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("gcc is needed to build the latency injector nfq_delay "
                    + "(apt-get install -y --no-install-recommends gcc libc6-dev): " + e.getMessage(), e);
        }
        try {
            if (!gcc.waitFor(COMPILE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new IllegalStateException("gcc did not finish in " + COMPILE_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            gcc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling nfq_delay", e);
        }
        if (gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc failed to build nfq_delay (" + gcc.exitValue() + "):\n"
                    + Files.readString(messages, StandardCharsets.UTF_8));
        }
    }

    private static byte[] source() {
        try (InputStream in = NfqDelayProgram.class.getResourceAsStream(SOURCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SOURCE_RESOURCE + " missing from the chaos module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
