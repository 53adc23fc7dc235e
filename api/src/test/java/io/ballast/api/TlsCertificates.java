package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test PKI from the repository's own bin/ballast-tls-certs (password "changeit", its test default). */
final class TlsCertificates {
    static final String PASSWORD = "changeit";

    private TlsCertificates() {}

    /** Writes ca.pem, truststore.p12 and node-/http-ADDRESS.p12 per address into {@code dir}. */
    static void generate(Path dir, String... addresses) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "bin", "ballast-tls-certs").toString(), dir.toString()));
        command.addAll(List.of(addresses));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("BALLAST_TLS_PASSWORD");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ballast-tls-certs finished");
        assertEquals(0, process.exitValue(), output);
    }
}
