package io.ballast.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.api.model.BlockView;
import io.ballast.cluster.GenesisFiles;
import io.ballast.cluster.devnet.DevnetMarkets;
import io.ballast.cluster.node.ClusterNode;
import io.ballast.core.ledger.Units;
import io.ballast.keys.KeyFile;
import io.ballast.node.ApiNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client example against a real node (the embedded node example's configuration with its HTTP API on an
 * ephemeral loopback port), through a relay that cuts the block stream's connection twice mid-stream: both
 * transactions are final, the account proof verifies against the genesis validators, and the stream resumes by
 * itself with every height once.
 */
class ClientServiceTest {
    private static final int BLOCKS = 24;

    @Test
    void submitsVerifiesAndFollowsTheChainAcrossCutConnections(@TempDir Path dir) throws Exception {
        GenesisFiles.write(dir, 4, 4, "ballast-examples", System.currentTimeMillis(), DevnetMarkets.markets());
        Config config = ClusterNode.config(ConfigFactory.empty()
                .withValue("ballast.node.http", ConfigValueFactory.fromAnyRef(true))
                .withValue("ballast.http.port", ConfigValueFactory.fromAnyRef(0))
                .withFallback(EmbeddedNodeService.nodeConfig(dir)));
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (ApiNode node = ApiNode.start(config, out);
             CuttingProxy proxy = new CuttingProxy(node.api().orElseThrow().address())) {
            ClientService service = new ClientService(URI.create(proxy.url()), dir.resolve(GenesisFiles.GENESIS_FILE));
            int[] seen = {0};
            ClientService.Outcome outcome = service.run(KeyFile.read(dir.resolve(GenesisFiles.AUTHORITY_KEY_FILE)),
                    BLOCKS, block -> {
                        seen[0]++;
                        if (seen[0] == 5 || seen[0] == 12) {
                            assertEquals(1, proxy.cutStreams(), "the stream's connection is cut");
                        }
                    });

            assertTrue(outcome.deposit().accepted() && outcome.withdrawal().accepted(), outcome.toString());
            assertTrue(outcome.withdrawal().height() > outcome.deposit().height(), "the withdrawal follows the deposit");
            assertEquals(outcome.trader(), outcome.account().account());
            assertEquals(Units.parseUsd("750"), outcome.account().collateralUsd(), "1,000 deposited, 250 withdrawn");
            assertEquals(1, outcome.account().nonce(), "one transaction signed by the trader");
            assertTrue(outcome.account().height() >= outcome.withdrawal().height(), "the proof is of a state after both");
            assertTrue(3 * outcome.account().signingStake() > 2 * outcome.account().totalStake(),
                    "certified by more than 2/3 of the trusted stake");

            List<BlockView> blocks = outcome.followed();
            assertEquals(BLOCKS, blocks.size());
            for (int i = 0; i < blocks.size(); i++) {
                assertEquals(outcome.deposit().height() + i, blocks.get(i).height(), "contiguous heights, none twice");
            }
            Set<String> hashes = new HashSet<>();
            blocks.forEach(block -> hashes.add(block.hash()));
            assertEquals(BLOCKS, hashes.size());
            assertTrue(blocks.get(0).receipts().stream().anyMatch(r -> r.txHash().equals(outcome.deposit().txHash())));
            assertTrue(blocks.stream().flatMap(b -> b.receipts().stream())
                    .anyMatch(r -> r.txHash().equals(outcome.withdrawal().txHash())), "the withdrawal's block was followed");
            assertEquals(2, proxy.cuts());
            assertEquals(2, outcome.reconnects(), "the stream reconnected once per cut, by itself");
            System.out.printf("client example: deposit at %d, withdrawal at %d, proof after %d, %d blocks followed across"
                            + " %d cuts%n", outcome.deposit().height(), outcome.withdrawal().height(),
                    outcome.account().height(), blocks.size(), proxy.cuts());
        }
    }
}
