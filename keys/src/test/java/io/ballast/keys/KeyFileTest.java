package io.ballast.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    @Test
    void writesOwnerOnlyFilesThatReadBackToTheSameKey(@TempDir Path dir) throws Exception {
        KeyPair key = KeyFile.generate();
        Path file = dir.resolve("keys/validator-0.key");
        KeyFile.write(file, key);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyPair read = KeyFile.read(file);
        assertEquals(key.publicKey(), read.publicKey());
        assertArrayEquals(key.secretSeed(), read.secretSeed());
        assertNotEquals(key.publicKey(), KeyFile.generate().publicKey());
    }

    @Test
    void neverOverwritesAKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.key");
        KeyPair first = KeyFile.generate();
        KeyFile.write(file, first);
        assertThrows(FileAlreadyExistsException.class, () -> KeyFile.write(file, KeyFile.generate()));
        assertEquals(first.publicKey(), KeyFile.read(file).publicKey());
    }

    @Test
    void refusesAPublicKeyThatDoesNotMatchTheSeed(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.key");
        Path b = dir.resolve("b.key");
        KeyFile.write(a, KeyFile.generate());
        KeyFile.write(b, KeyFile.generate());
        String seedOfB = Files.readString(b).replaceAll("(?s).*\"secretSeed\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1").strip();
        Files.writeString(a, Files.readString(a).replaceAll("\"secretSeed\"\\s*:\\s*\"[0-9a-f]+\"", "\"secretSeed\":\"" + seedOfB + "\""));
        IOException refused = assertThrows(IOException.class, () -> KeyFile.read(a));
        assertTrue(refused.getMessage().contains("does not match"), refused.getMessage());
    }

    @Test
    void refusesUnknownFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.key");
        KeyFile.write(file, KeyFile.generate());
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"extra\":\"1\","));
        assertThrows(RuntimeException.class, () -> KeyFile.read(file));
    }
    @Test
    void racingCreatorsAllEndUpWithOneKeyAndNoLeftovers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keeper-0.key");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<KeyPair>> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(() -> KeyFile.createIfAbsent(file)));
            }
            KeyPair first = keys.get(0).get();
            for (java.util.concurrent.Future<KeyPair> key : keys) {
                assertEquals(first.publicKey(), key.get().publicKey());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(KeyFile.read(file).publicKey(), KeyFile.createIfAbsent(file).publicKey());
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(file), files.toList(), "temporary files left behind");
        }
    }
}
