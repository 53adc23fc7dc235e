package io.ballast.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node process checks what its HTTP API needs before it joins a cluster or starts anything. */
class ApiNodeTest {
    @Test
    void aNodeWithAnUnusableKeyStoreStopsBeforeItStartsAnything(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such.p12");
        Path configFile = dir.resolve("node.conf");
        // No genesis in data-dir either: starting the cluster node first would fail with that reason instead.
        Files.writeString(configFile, String.join("\n",
                "ballast.node.data-dir = \"" + dir.resolve("empty") + "\"",
                "ballast.http.tls { enabled = on, key-store = \"" + missing + "\", password = changeit }"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ApiNode.run(configFile, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals("HTTP API TLS: key store " + missing + " (ballast.http.tls.key-store) does not exist or is not a file",
                refused.getMessage());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

}
