package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void validHoconIsPassedOnAsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("pacing.conf"), "ballast.consensus.min-block-interval = 0ms\n");
        assertEquals("ballast.consensus.min-block-interval = 0ms\n", NodeConfigFile.read(file));
    }

    @Test
    void everyBadFileIsAUsageErrorNamingWhy() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.conf"), "ballast.consensus {\n min-block-interval = 0ms\n");
        assertTrue(assertThrows(UsageException.class, () -> NodeConfigFile.read(broken)).getMessage()
                .contains("is not valid HOCON"));
        Path large = Files.write(dir.resolve("large.conf"), new byte[(int) NodeConfigFile.MAX_BYTES + 1]);
        assertEquals("--node-config " + large + " holds 65537 bytes, more than 65536",
                assertThrows(UsageException.class, () -> NodeConfigFile.read(large)).getMessage());
        Path binary = Files.write(dir.resolve("binary.conf"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertEquals("--node-config " + binary + " is not UTF-8 text",
                assertThrows(UsageException.class, () -> NodeConfigFile.read(binary)).getMessage());
        Path missing = dir.resolve("missing.conf");
        assertTrue(assertThrows(UsageException.class, () -> NodeConfigFile.read(missing)).getMessage()
                .startsWith("--node-config " + missing + " cannot be read"));
    }
}
