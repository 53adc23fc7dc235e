package io.ballast.examples;

import io.ballast.api.client.BallastClient;
import io.ballast.api.client.BlockStream;
import io.ballast.api.client.ProofException;
import io.ballast.api.client.ProofVerifier;
import io.ballast.api.client.Transactions;
import io.ballast.api.client.VerifiedAccount;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.BlockView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.Units;
import io.ballast.keys.KeyFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JVM service that uses a Ballast node through the Java client ({@code ballast-client}: java.net.http and Jackson,
 * no Pekko). It
 * <ol>
 *   <li>funds a new trader: a deposit signed by the collateral authority, submitted and awaited until a committed
 *       block carries it (finality: a committed block is never undone);</li>
 *   <li>lets the trader withdraw part of it, signed with the trader's own key and next nonce;</li>
 *   <li>reads the trader's account with its Merkle proof and verifies it against the validator set of the genesis
 *       the service trusts, so the balance it acts on does not depend on trusting the node;</li>
 *   <li>follows the block stream from the deposit's block; if the connection drops, the stream reconnects and
 *       resumes after the last block it returned, so the service sees every block once.</li>
 * </ol>
 *
 * <pre>
 * java -cp ... io.ballast.examples.ClientService http://127.0.0.1:8080 data/genesis.json data/collateral-authority.key
 * </pre>
 */
public final class ClientService {
    /** What one run did: the two committed receipts, the verified account, and the blocks followed. */
    public record Outcome(Bytes32 trader, TxReceiptView deposit, TxReceiptView withdrawal, VerifiedAccount account,
                          List<BlockView> followed, int reconnects) {}

    private final BallastClient client;
    private final Transactions transactions;
    private final ProofVerifier verifier;

    /** @param genesisFile the chain's genesis, which the service trusts (its chain id and validator set) */
    public ClientService(URI node, Path genesisFile) throws IOException {
        Genesis genesis = Genesis.fromJson(Files.readString(genesisFile, StandardCharsets.UTF_8));
        this.client = new BallastClient(node);
        this.transactions = new Transactions(genesis.chainId());
        this.verifier = ProofVerifier.fromGenesis(genesis);
    }

    /** Deposits {@code amountUsd} to {@code account}; returns the receipt once the transaction is final. */
    public TxReceiptView deposit(KeyPair authority, Bytes32 account, String amountUsd) {
        long nonce = client.nextNonce(authority.publicKey());
        return client.submitAndWait(transactions.deposit(authority, nonce, account, amountUsd));
    }

    /** The trader withdraws {@code amountUsd}; returns the receipt once the transaction is final. */
    public TxReceiptView withdraw(KeyPair trader, String amountUsd) {
        long nonce = client.nextNonce(trader.publicKey());
        return client.submitAndWait(transactions.withdraw(trader, nonce, amountUsd));
    }

    /**
     * The account as the chain's validators certified it: the node's answer with its proof, checked against the
     * trusted validator set.
     *
     * @throws ProofException when the node's answer does not prove out
     */
    public VerifiedAccount verifiedAccount(Bytes32 account) throws ProofException {
        AccountView answer = client.account(account, true);
        return verifier.verify(answer);
    }

    /**
     * Follows {@code count} blocks from {@code fromHeight}, handing each to {@code onBlock}; returns them and how
     * often the stream had to reconnect.
     */
    public Followed follow(long fromHeight, int count, Consumer<BlockView> onBlock) {
        List<BlockView> blocks = new ArrayList<>();
        try (BlockStream stream = client.stream(fromHeight, null)) {
            while (blocks.size() < count) {
                BlockView block = stream.next();
                blocks.add(block);
                onBlock.accept(block);
            }
            return new Followed(blocks, stream.reconnects());
        }
    }

    public record Followed(List<BlockView> blocks, int reconnects) {}

    /** The whole service: fund a trader with 1,000 USD, withdraw 250, verify the account, follow the blocks. */
    public Outcome run(KeyPair authority, int blocksToFollow, Consumer<BlockView> onBlock) throws ProofException {
        KeyPair trader = KeyFile.generate();
        TxReceiptView deposit = deposit(authority, trader.publicKey(), "1000");
        TxReceiptView withdrawal = withdraw(trader, "250");
        VerifiedAccount account = verifiedAccount(trader.publicKey());
        Followed followed = follow(deposit.height(), blocksToFollow, onBlock);
        return new Outcome(trader.publicKey(), deposit, withdrawal, account, followed.blocks(), followed.reconnects());
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ClientService NODE_URL GENESIS_FILE AUTHORITY_KEY_FILE");
            System.exit(2);
        }
        ClientService service = new ClientService(URI.create(args[0]), Path.of(args[1]));
        Outcome outcome = service.run(KeyFile.read(Path.of(args[2])), 10, block -> System.out.printf(
                "block %d: %d transactions%n", block.height(), block.transactions().size()));
        System.out.printf("trader %s: deposit final at height %d, withdrawal at height %d%n",
                outcome.trader().toHex(), outcome.deposit().height(), outcome.withdrawal().height());
        System.out.printf("verified against the genesis validators: collateral %s USD, nonce %d after height %d%n",
                Units.formatUsd(outcome.account().collateralUsd()), outcome.account().nonce(), outcome.account().height());
        System.out.printf("followed %d blocks (%d reconnections)%n", outcome.followed().size(), outcome.reconnects());
    }
}
