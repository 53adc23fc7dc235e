package io.ballast.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.cluster.node.ClusterNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A JVM service that embeds a Ballast validator node: the node runs in its own {@code ActorSystem} inside this
 * service's JVM, configured by the service ({@code embedded-node.conf} plus the data directory), persists to the
 * embedded journal under that directory, and the service reads the committed blocks straight from the node (no
 * HTTP). The data directory holds {@code genesis.json} and the validators' key files, as
 * {@code bin/ballast genesis new --out DIR} writes them; restarting on the same directory continues the same chain.
 *
 * <pre>
 * java -XX:+UnlockDiagnosticVMOptions -XX:ArrayOperationPartialInlineSize=0 \
 *      -cp ... io.ballast.examples.EmbeddedNodeService DATA_DIR [BLOCKS]
 * </pre>
 */
public final class EmbeddedNodeService implements AutoCloseable {
    /** What the service keeps of each committed block. */
    public record BlockSummary(long height, String hash, String parentHash, long timeMillis, int transactions,
                               int signers) {
        static BlockSummary of(ExecutedBlock executed) {
            var header = executed.block().block().header();
            return new BlockSummary(executed.height(), header.hash().toHex(), header.parentHash().toHex(),
                    header.timestampMillis(), executed.block().block().transactions().size(),
                    executed.block().certificate().signatures().size());
        }
    }

    private final ClusterNode node;

    private EmbeddedNodeService(ClusterNode node) {
        this.node = node;
    }

    /** The node's configuration: this service's node settings with its data directory filled in. */
    public static Config nodeConfig(Path dataDir) {
        return ConfigFactory.parseResources("embedded-node.conf")
                .withValue("ballast.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toAbsolutePath().toString()));
    }

    /** Starts the node; it forms its one-node cluster, recovers its validators from the journal and commits blocks. */
    public static EmbeddedNodeService start(Path dataDir, PrintStream out) throws Exception {
        return new EmbeddedNodeService(ClusterNode.start(ClusterNode.config(nodeConfig(dataDir)), out));
    }

    /**
     * Reads the committed blocks {@code fromHeight .. fromHeight + count - 1}, handing each to {@code onBlock} as it
     * commits (at once for blocks committed earlier). The stream runs on the node's actor system: {@code onBlock}
     * must not block; the returned stage completes with all of them.
     */
    public CompletionStage<List<BlockSummary>> read(long fromHeight, int count, Consumer<BlockSummary> onBlock) {
        return node.committedBlocks(fromHeight).take(count).map(BlockSummary::of)
                .map(block -> {
                    onBlock.accept(block);
                    return block;
                })
                .runWith(Sink.seq(), node.system());
    }

    public ClusterNode node() {
        return node;
    }

    /** Stops the node (coordinated shutdown: sharding hands off, the journal closes) and waits until it has. */
    @Override
    public void close() throws Exception {
        node.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: EmbeddedNodeService DATA_DIR [BLOCKS]");
            System.exit(2);
        }
        int blocks = args.length == 2 ? Integer.parseInt(args[1]) : 20;
        try (EmbeddedNodeService service = start(Path.of(args[0]), System.out)) {
            service.read(1, blocks, block -> System.out.printf("height %d  hash %s  %d transactions  certified by %d"
                            + " validators%n", block.height(), block.hash().substring(0, 16), block.transactions(),
                    block.signers())).toCompletableFuture().get(5, TimeUnit.MINUTES);
        }
    }
}
