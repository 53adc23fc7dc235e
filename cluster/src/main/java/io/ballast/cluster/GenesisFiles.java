package io.ballast.cluster;

import io.ballast.keys.KeyFile;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.OptionsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A chain's genesis in a directory: {@code genesis.json}, and (when the directory is where the genesis was
 * made) the key files (mode 600) {@code validator-N.key}, {@code oracle-N.key} and
 * {@code collateral-authority.key}. Written by {@code bin/ballast genesis new} and by the devnet on its first
 * run; read by every node.
 */
public final class GenesisFiles {
    public static final String GENESIS_FILE = "genesis.json";
    public static final String AUTHORITY_KEY_FILE = "collateral-authority.key";

    private GenesisFiles() {}

    /** A new genesis with fresh keys for {@code markets} (perpetuals only); refuses to overwrite one. */
    public static Genesis write(Path dir, int validators, int oracles, String chainId, long timeMillis,
                                List<MarketParams> markets) throws IOException {
        return write(dir, validators, oracles, chainId, timeMillis, markets, OptionsConfig.NONE);
    }

    /** A new genesis with fresh keys for {@code markets} and the option series of {@code options}; refuses to overwrite one. */
    public static Genesis write(Path dir, int validators, int oracles, String chainId, long timeMillis,
                                List<MarketParams> markets, OptionsConfig options) throws IOException {
        return write(dir, validators, oracles, chainId, timeMillis, markets, options, UnaryOperator.identity());
    }

    /**
     * As {@link #write(Path, int, int, String, long, List, OptionsConfig)}, with {@code finish} applied to the devnet
     * genesis before it is written (e.g. {@link io.ballast.cluster.devnet.DevnetStaking#bonded}).
     */
    public static Genesis write(Path dir, int validators, int oracles, String chainId, long timeMillis,
                                List<MarketParams> markets, OptionsConfig options, UnaryOperator<Genesis> finish)
            throws IOException {
        if (Files.exists(dir.resolve(GENESIS_FILE))) {
            throw new IOException(dir.resolve(GENESIS_FILE) + " exists; refusing to overwrite a genesis");
        }
        List<Bytes32> validatorKeys = writeKeys(dir, "validator", validators);
        List<Bytes32> oracleKeys = writeKeys(dir, "oracle", oracles);
        KeyPair authority = KeyFile.generate();
        KeyFile.write(dir.resolve(AUTHORITY_KEY_FILE), authority);
        Genesis genesis = finish.apply(Genesis.devnet(chainId, timeMillis, validatorKeys, oracleKeys, authority.publicKey(),
                markets).withOptions(options));
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
