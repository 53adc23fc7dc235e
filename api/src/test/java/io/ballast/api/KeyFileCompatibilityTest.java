package io.ballast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.core.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's key files and the node's are one format: each reads what the other wrote (mode 600). */
class KeyFileCompatibilityTest {
    @Test
    void clientAndNodeKeyFilesAreInterchangeable(@TempDir Path dir) throws Exception {
        KeyPair fromNode = io.ballast.actors.KeyFile.generate();
        io.ballast.actors.KeyFile.write(dir.resolve("node.key"), fromNode);
        assertEquals(fromNode.publicKey(), io.ballast.api.client.KeyFile.read(dir.resolve("node.key")).publicKey());

        KeyPair fromClient = io.ballast.api.client.KeyFile.generate();
        io.ballast.api.client.KeyFile.write(dir.resolve("client.key"), fromClient);
        assertEquals(fromClient.publicKey(), io.ballast.actors.KeyFile.read(dir.resolve("client.key")).publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("client.key"))));
    }
}
