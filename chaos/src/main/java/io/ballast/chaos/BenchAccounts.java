package io.ballast.chaos;

import io.ballast.api.client.BallastClient;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.api.model.TxStatusView;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.MarketParams;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The benchmark's trading accounts: funded by the collateral authority with pipelined deposits (a few rounds of up to
 * {@link #FUNDING_BATCH} deposits with consecutive nonces sent to one node, then each checked by hash), and each holding
 * a queue of transactions signed in advance (small market orders alternating buy and sell at a limit 20 % off the
 * index, so they fill and positions stay near zero). An account is used by one request at a time; its head transaction
 * leaves the queue only when a final receipt for it is acknowledged, so a failed request resends the same bytes
 * (a duplicate waits for the same commit, a committed one is looked up by hash). After a rejected receipt the queue is
 * signed again from the node's next nonce ({@link #resync}). Bounded: rounds, batch size, transactions signed.
 */
final class BenchAccounts {
    static final long DEPOSIT_USD = 1_000_000;
    static final int FUNDING_BATCH = 1_000;
    private static final int FUNDING_ROUNDS_MAX = 12;

    /** One funded signer, used by at most one request at a time. */
    static final class Account {
        final int id;
        final KeyPair key;
        final ArrayDeque<SignedTransaction> presigned = new ArrayDeque<>();
        long nextNonce = 1;
        int generation;
        /** The head transaction's first send (its intended time): a resend's latency counts from there. */
        io.ballast.core.crypto.Bytes32 firstSentHash;
        long firstSentNanos;
        volatile boolean resync;

        Account(int id, KeyPair key) {
            this.id = id;
            this.key = key;
        }
    }

    private final Genesis genesis;
    private final KeyPair authority;
    private final List<Account> accounts = new ArrayList<>();
    private final Map<String, Long> indexUsd = new HashMap<>();
    private final AtomicLong signedOnDemand = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();

    BenchAccounts(Genesis genesis, KeyPair authority, int count, String label) {
        this.genesis = genesis;
        this.authority = authority;
        for (int i = 0; i < count; i++) {
            accounts.add(new Account(i, Ed25519.keyPairFromLabel("bench/" + label + "/" + genesis.chainId() + "/" + i)));
        }
        for (MarketParams market : genesis.markets()) {
            indexUsd.put(market.id(), market.initialIndexPriceUsd());
        }
    }

    List<Account> all() {
        return accounts;
    }

    long signedOnDemand() {
        return signedOnDemand.get();
    }

    long resyncs() {
        return resyncs.get();
    }

    /**
     * Deposits for every account, in rounds: consecutive nonces to {@code client} with {@code wait=none}, then each
     * deposit looked up by hash (accepted: funded; every final receipt goes to {@code ack}). Returns how many are funded.
     */
    int fund(BallastClient client, Consumer<TxReceiptView> ack, PrintStream log) {
        List<Account> unfunded = new ArrayList<>(accounts);
        for (int round = 0; round < FUNDING_ROUNDS_MAX && !unfunded.isEmpty(); round++) {
            List<Account> batch = unfunded.subList(0, Math.min(FUNDING_BATCH, unfunded.size()));
            long nonce = retry(() -> client.nextNonce(authority.publicKey()));
            List<SignedTransaction> deposits = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                deposits.add(SignedTransaction.sign(genesis.chainId(), authority, nonce + i,
                        new TxBody.Deposit(batch.get(i).key.publicKey(), DEPOSIT_USD * Units.USD_SCALE + round)));
            }
            for (int i = 0; i < deposits.size(); i++) {
                if (i > 0 && i % 250 == 0) {
                    log.printf("[bench] funding round %d: %d of %d deposits sent%n", round + 1, i, deposits.size());
                }
                try {
                    client.submit(deposits.get(i));
                } catch (RuntimeException refused) {
                    break; // the rest would fail on the nonce gap: the next round signs them again
                }
            }
            SignedTransaction last = deposits.get(deposits.size() - 1);
            LocalCluster.await(java.time.Duration.ofSeconds(30), () -> receipt(client, last) != null);
            List<Account> stillUnfunded = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                TxReceiptView receipt = receipt(client, deposits.get(i));
                if (receipt != null) {
                    ack.accept(receipt);
                }
                if (receipt == null || !receipt.accepted()) {
                    stillUnfunded.add(batch.get(i));
                }
            }
            stillUnfunded.addAll(unfunded.subList(batch.size(), unfunded.size()));
            log.printf("[bench] funding round %d: %d deposits sent, %d accounts still unfunded%n", round + 1,
                    deposits.size(), stillUnfunded.size());
            unfunded = stillUnfunded;
        }
        return accounts.size() - unfunded.size();
    }

    /** Reads the index prices the nodes report (the limits of the orders signed from now on). */
    void readPrices(BallastClient client) {
        for (MarketView market : retry(client::markets)) {
            long price = Units.parseUsd(market.indexPriceUsd());
            if (price > 0) {
                indexUsd.put(market.id(), price);
            }
        }
    }

    /** Tops every account up to {@code perAccount} signed transactions, on every core of this JVM. */
    void presign(int perAccount) {
        IntStream.range(0, accounts.size()).parallel().forEach(i -> {
            Account account = accounts.get(i);
            synchronized (account) {
                while (account.presigned.size() < perAccount) {
                    account.presigned.addLast(sign(account, account.nextNonce + account.presigned.size()));
                }
            }
        });
    }

    /** The account's next transaction (signed now if its queue ran dry: counted). */
    SignedTransaction head(Account account) {
        synchronized (account) {
            if (account.presigned.isEmpty()) {
                signedOnDemand.incrementAndGet();
                account.presigned.addLast(sign(account, account.nextNonce));
            }
            return account.presigned.peekFirst();
        }
    }

    /** The head transaction committed and was accepted: its nonce is used. */
    void advance(Account account, SignedTransaction tx) {
        synchronized (account) {
            if (!account.presigned.isEmpty() && account.presigned.peekFirst().hash().equals(tx.hash())) {
                account.presigned.pollFirst();
                account.nextNonce = tx.nonce() + 1;
            }
        }
    }

    /** After a rejected receipt or a stale nonce: the node's next nonce, and the queue signed again from there. */
    void resync(Account account, BallastClient client) {
        resyncs.incrementAndGet();
        long next = retry(() -> client.nextNonce(account.key.publicKey()));
        synchronized (account) {
            int size = Math.max(1, account.presigned.size());
            account.presigned.clear();
            account.generation++;
            account.nextNonce = next;
            for (int i = 0; i < size; i++) {
                account.presigned.addLast(sign(account, next + i));
            }
            account.resync = false;
        }
    }

    private SignedTransaction sign(Account account, long nonce) {
        List<MarketParams> markets = genesis.markets();
        MarketParams market = markets.get(Math.floorMod(account.id + (int) ((nonce - 1) / 2), markets.size()));
        long index = Math.max(1, indexUsd.get(market.id()));
        boolean buy = nonce % 2 == 1; // buy then sell back: the position returns to zero every two orders
        long sizeE8 = Math.max(1, (long) (1_000.0 * Units.USD_SCALE / index * Units.SIZE_SCALE)) + account.generation;
        long limitUsd = buy ? index + index / 5 : Math.max(1, index - index / 5);
        return SignedTransaction.sign(genesis.chainId(), account.key, nonce,
                new TxBody.Trade(market.id(), buy ? sizeE8 : -sizeE8, limitUsd));
    }

    static TxReceiptView receipt(BallastClient client, SignedTransaction tx) {
        try {
            TxStatusView status = client.tx(tx.hash().toHex());
            return status.receipt();
        } catch (RuntimeException unknownOrUnreachable) {
            return null;
        }
    }

    /** A read retried every 500 ms for at most 30 s (a node whose index is catching up). */
    static <T> T retry(java.util.function.Supplier<T> read) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                last = e;
                LocalCluster.sleep(500);
            }
        }
        throw last;
    }
}
