package io.ballast.cluster.devnet;

import io.ballast.api.client.KeyFile;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A devnet genesis with fresh keys: {@code genesis.json} and key files (mode 600) in one directory,
 * named {@code validator-N.key}, {@code oracle-N.key} and {@code collateral-authority.key}. Used by
 * {@code bin/ballast genesis new} and by {@code bin/ballast devnet} on its first run.
 */
public final class DevnetGenesis {
    public static final String GENESIS_FILE = "genesis.json";
    public static final String AUTHORITY_KEY_FILE = "collateral-authority.key";

    private DevnetGenesis() {}

    public static Genesis write(Path dir, int validators, int oracles, String chainId, long timeMillis) throws IOException {
        if (Files.exists(dir.resolve(GENESIS_FILE))) {
            throw new IOException(dir.resolve(GENESIS_FILE) + " exists; refusing to overwrite a genesis");
        }
        List<Bytes32> validatorKeys = writeKeys(dir, "validator", validators);
        List<Bytes32> oracleKeys = writeKeys(dir, "oracle", oracles);
        KeyPair authority = KeyFile.generate();
        KeyFile.write(dir.resolve(AUTHORITY_KEY_FILE), authority);
        Genesis genesis = Genesis.devnet(chainId, timeMillis, validatorKeys, oracleKeys, authority.publicKey(),
                DevnetMarkets.markets()).withOptions(DevnetMarkets.options(timeMillis));
        Files.writeString(dir.resolve(GENESIS_FILE), genesis.toJson() + "\n", StandardCharsets.UTF_8);
        return genesis;
    }

    public static Genesis read(Path dir) throws IOException {
        return Genesis.fromJson(Files.readString(dir.resolve(GENESIS_FILE), StandardCharsets.UTF_8));
    }

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(GENESIS_FILE));
    }

    public static Path validatorKey(Path dir, int index) {
        return dir.resolve("validator-" + index + ".key");
    }

    public static Path oracleKey(Path dir, int index) {
        return dir.resolve("oracle-" + index + ".key");
    }

    private static List<Bytes32> writeKeys(Path dir, String role, int count) throws IOException {
        List<Bytes32> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            KeyPair key = KeyFile.generate();
            KeyFile.write(dir.resolve(role + "-" + i + ".key"), key);
            keys.add(key.publicKey());
        }
        return keys;
    }
}
