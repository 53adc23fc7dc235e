package io.ballast.keys;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.json.Json;
import io.ballast.core.json.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Ed25519 key files (JSON {@code publicKey}/{@code secretSeed} hex, mode 600): validator, oracle and authority
 * keys on nodes, trader keys in clients. Its own module (core and the JDK only), so that nodes and clients share it
 * without depending on each other.
 */
public final class KeyFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {}

    public static KeyPair generate() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return Ed25519.keyPairFromSeed(seed);
    }

    /** Writes a new key file (mode 600); refuses to overwrite. */
    public static void write(Path file, KeyPair keyPair) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("publicKey", keyPair.publicKey().toHex());
        json.put("secretSeed", HexFormat.of().formatHex(keyPair.secretSeed()));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " exists; refusing to overwrite a key");
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Json.write(json) + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * The key in {@code file}, generated first if there is none. Safe when several processes race on one shared
     * directory: the new key is written completely to a temporary file and then hard-linked to {@code file}, which
     * fails if another process linked its key first; every racer then reads the same file.
     */
    public static KeyPair createIfAbsent(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path temp = file.resolveSibling(file.getFileName() + ".new-" + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(RANDOM.nextLong()));
            try {
                write(temp, generate());
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException lostTheRace) {
                // another process created it: read theirs
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return read(file);
    }

    public static KeyPair read(Path file) throws IOException {
        JsonFields fields = new JsonFields(file.toString(), Json.parse(Files.readString(file, StandardCharsets.UTF_8)))
                .allowOnly(Set.of("publicKey", "secretSeed"));
        KeyPair keyPair = Ed25519.keyPairFromSeed(HexFormat.of().parseHex(fields.string("secretSeed")));
        if (!keyPair.publicKey().equals(Bytes32.fromHex(fields.string("publicKey")))) {
            throw new IOException(file + ": publicKey does not match secretSeed");
        }
        return keyPair;
    }
}
