package io.ballast.cli;

import io.ballast.api.client.ApiJson;
import io.ballast.api.client.BallastClient;
import io.ballast.api.client.ProofVerifier;
import io.ballast.api.client.Transactions;
import io.ballast.api.client.VerifiedAccount;
import io.ballast.api.model.AccountView;
import io.ballast.api.model.GreeksView;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.OptionPositionView;
import io.ballast.api.model.OptionSeriesView;
import io.ballast.api.model.PositionView;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.keys.KeyFile;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The CLI over a node's HTTP API (through the Java client): {@code deposit}, {@code withdraw}, {@code trade},
 * {@code close}, {@code account}, {@code markets}, {@code status}, over http or https ({@link NodeClient}).
 * Human-readable tables by default, {@code --json} for scripts. Transactions are signed locally and submitted with
 * {@code wait=final}; a committed rejection exits with 1.
 */
final class NodeCommands {
    /** Without a limit, a trade accepts up to 5% worse than the index. */
    private static final BigDecimal DEFAULT_SLIPPAGE = new BigDecimal("0.05");

    private NodeCommands() {}

    /** What every API command shares: the node, its trust store, --json, and where to print. */
    abstract static class ApiCommand implements Callable<Integer> {
        @Mixin
        NodeClient node;
        @Mixin
        JsonOption json;
        final PrintStream out;

        ApiCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            return call(node.connect(System.getenv()));
        }

        abstract int call(BallastClient client) throws Exception;

        int receipt(TxReceiptView receipt) {
            if (json.json()) {
                out.println(ApiJson.pretty(receipt));
            } else {
                out.printf("%s %s: committed at height %d (index %d), tx %s%n", receipt.type(),
                        receipt.accepted() ? "accepted" : "REJECTED " + receipt.code(), receipt.height(), receipt.index(),
                        receipt.txHash());
                receipt.events().forEach(event -> out.println("  " + event.kind() + " " + event.fields()));
            }
            return receipt.accepted() ? 0 : 1;
        }
    }

    /** --to HEX or --to-key FILE. */
    static final class Recipient {
        @Option(names = "--to", paramLabel = "HEX", required = true, description = "the account (public key, hex)")
        String account;
        @Option(names = "--to-key", paramLabel = "FILE", required = true, description = "the account of this key file")
        Path keyFile;
    }

    /** --key FILE or --account HEX. */
    static final class Holder {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "the account of this key file")
        Path keyFile;
        @Option(names = "--account", paramLabel = "HEX", required = true, description = "the account (public key, hex)")
        String account;
    }

    @Command(name = "deposit", description = "Credits collateral to an account, signed by the collateral authority's key.")
    static final class Deposit extends ApiCommand {
        @Option(names = "--authority-key", paramLabel = "FILE", required = true,
                description = "the collateral authority's key file (devnet: data/collateral-authority.key)")
        private Path authorityKey;
        @ArgGroup(multiplicity = "1")
        private Recipient to;
        @Option(names = "--amount", paramLabel = "USD", required = true, description = "USD, up to 6 decimals")
        private String amountUsd;

        Deposit(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) throws Exception {
            KeyPair authority = KeyFile.read(authorityKey);
            Bytes32 account = to.account != null ? Bytes32.fromHex(to.account) : KeyFile.read(to.keyFile).publicKey();
            SignedTransaction tx = txs(client).deposit(authority, client.nextNonce(authority.publicKey()), account, amountUsd);
            return receipt(client.submitAndWait(tx));
        }
    }

    @Command(name = "withdraw", description = "Withdraws collateral (what the margin rules let go).")
    static final class Withdraw extends ApiCommand {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "the account's key file")
        private Path keyFile;
        @Option(names = "--amount", paramLabel = "USD", required = true, description = "USD, up to 6 decimals")
        private String amountUsd;

        Withdraw(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) throws Exception {
            KeyPair key = KeyFile.read(keyFile);
            return receipt(client.submitAndWait(txs(client).withdraw(key, client.nextNonce(key.publicKey()), amountUsd)));
        }
    }

    @Command(name = "trade", description = {"Trades a perp market or an option series against its pool. Default limit: the"
            + " index ± 5%%; for an option series such as BTC-20270326-70000-C its ask + 5%% buying, its bid − 5%% selling."})
    static final class Trade extends ApiCommand {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "the account's key file")
        private Path keyFile;
        @Option(names = "--market", paramLabel = "ID", required = true, description = "a perp market or an option series")
        private String market;
        @Option(names = "--size", paramLabel = "SIGNED_UNITS", required = true,
                description = "units of the underlying, negative to sell (e.g. 0.5, -30)")
        private String size;
        @Option(names = "--limit", paramLabel = "USD", description = "the worst price accepted")
        private String limitUsd;

        Trade(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) throws Exception {
            KeyPair key = KeyFile.read(keyFile);
            String limit = limitUsd;
            if (limit == null && isSeries(market)) {
                OptionSeriesView series = series(client, market);
                limit = size.startsWith("-") ? away(series.bidUsd(), DEFAULT_SLIPPAGE.negate())
                        : away(series.askUsd(), DEFAULT_SLIPPAGE);
            }
            if (limit == null) {
                MarketView view = client.market(market);
                limit = away(view.indexPriceUsd(), size.startsWith("-") ? DEFAULT_SLIPPAGE.negate() : DEFAULT_SLIPPAGE);
            }
            return receipt(client.submitAndWait(txs(client).trade(key, client.nextNonce(key.publicKey()), market, size,
                    limit)));
        }
    }

    @Command(name = "close", description = "Closes the account's position in a perp market or an option series.")
    static final class Close extends ApiCommand {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "the account's key file")
        private Path keyFile;
        @Option(names = "--market", paramLabel = "ID", required = true, description = "a perp market or an option series")
        private String market;
        @Option(names = "--worst", paramLabel = "USD",
                description = "the worst price accepted (default: the index, or the series' bid/ask, 5%% worse)")
        private String worstUsd;

        Close(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) throws Exception {
            KeyPair key = KeyFile.read(keyFile);
            String worst = worstUsd;
            if (worst == null && isSeries(market)) {
                OptionPositionView position = client.account(key.publicKey(), false).optionPositions().stream()
                        .filter(p -> p.series().equals(market)).findFirst()
                        .orElseThrow(() -> new UsageException("no open position in " + market));
                OptionSeriesView series = series(client, market);
                worst = position.size().startsWith("-") ? away(series.askUsd(), DEFAULT_SLIPPAGE)
                        : away(series.bidUsd(), DEFAULT_SLIPPAGE.negate());
            }
            if (worst == null) {
                PositionView position = client.account(key.publicKey(), false).positions().stream()
                        .filter(p -> p.market().equals(market)).findFirst()
                        .orElseThrow(() -> new UsageException("no open position in " + market));
                boolean closingLong = !position.size().startsWith("-");
                worst = away(client.market(market).indexPriceUsd(), closingLong ? DEFAULT_SLIPPAGE.negate() : DEFAULT_SLIPPAGE);
            }
            return receipt(client.submitAndWait(txs(client).close(key, client.nextNonce(key.publicKey()), market, worst)));
        }
    }

    @Command(name = "account", description = {"An account: collateral, positions, equity, margins, greeks. --verify checks"
            + " its Merkle proof and the commit certificate against the genesis validator set."})
    static final class Account extends ApiCommand {
        @ArgGroup(multiplicity = "1")
        private Holder holder;
        @Option(names = "--verify", description = "check the account's proof (needs --genesis)")
        private boolean verify;
        @Option(names = "--genesis", paramLabel = "FILE", description = "the genesis whose validator set --verify trusts")
        private Path genesis;

        Account(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) throws Exception {
            if (verify && genesis == null) {
                throw new UsageException("--verify needs --genesis FILE (the validator set to trust)");
            }
            Bytes32 account = holder.account != null ? Bytes32.fromHex(holder.account)
                    : KeyFile.read(holder.keyFile).publicKey();
            AccountView view = client.account(account, verify);
            VerifiedAccount verified = null;
            if (verify) {
                verified = ProofVerifier.fromGenesisFile(genesis).verify(view);
            }
            if (json.json()) {
                out.println(ApiJson.pretty(view));
                return 0;
            }
            out.printf("account %s at height %d%s%n", view.account(), view.height(), view.exists() ? "" : " (no account)");
            new Table("nonce", "collateral USD", "equity USD", "initial margin", "maintenance", "margin ratio", "liquidatable")
                    .row(view.nonce(), view.collateralUsd(), view.equityUsd(), view.initialMarginUsd(),
                            view.maintenanceMarginUsd(), view.marginRatio() == null ? "-" : view.marginRatio(), view.liquidatable())
                    .print(out);
            if (!view.positions().isEmpty()) {
                out.println();
                Table positions = new Table("market", "size", "entry USD", "mark USD", "unrealized PnL", "pending funding",
                        "liquidation USD");
                for (PositionView p : view.positions()) {
                    positions.row(p.market(), p.size(), p.entryPriceUsd(), p.markPriceUsd(), p.unrealizedPnlUsd(),
                            p.pendingFundingUsd(), p.liquidationPriceUsd() == null ? "-" : p.liquidationPriceUsd());
                }
                positions.print(out);
            }
            if (!view.optionPositions().isEmpty()) {
                out.println();
                Table options = new Table("option", "size", "premium basis", "mark USD", "value USD", "unrealized PnL", "delta",
                        "gamma /USD", "vega /pt", "theta /day");
                for (OptionPositionView o : view.optionPositions()) {
                    options.row(o.series(), o.size(), o.premiumBasisUsd(), o.markPriceUsd(), o.valueUsd(), o.unrealizedPnlUsd(),
                            o.delta(), o.gamma(), o.vegaUsd(), o.thetaUsd());
                }
                options.print(out);
            }
            if (!view.greeks().isEmpty()) {
                out.println();
                Table greeks = new Table("greeks on", "delta (units)", "gamma (units/USD)", "vega (USD/vol pt)", "theta (USD/day)");
                for (GreeksView g : view.greeks()) {
                    greeks.row(g.market(), g.delta(), g.gamma(), g.vegaUsd(), g.thetaUsd());
                }
                greeks.print(out);
            }
            if (verified != null) {
                out.printf("%nproof verified: account leaf under state root %s (after height %d), header %d certified by %d of "
                                + "%d stake of the genesis validator set%n", verified.stateRoot().shortHex(), verified.height(),
                        verified.height() + 1, verified.signingStake(), verified.totalStake());
            }
            return 0;
        }
    }

    @Command(name = "markets", description = {"Markets: index and age, safe mode, bid/ask and why, skew, funding, pool cash."})
    static final class Markets extends ApiCommand {
        Markets(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) {
            return markets(client.markets(), json.json(), out);
        }
    }

    @Command(name = "status", description = {"The chain: height, block interval and time to finality, online stake of the"
            + " current set against the quorum, the cost of corruption (WARNING below 1), oracle ages, mempool lanes per"
            + " validator."})
    static final class Status extends ApiCommand {
        Status(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        int call(BallastClient client) {
            return status(client.status(), json.json(), out);
        }
    }

    private static int markets(List<MarketView> markets, boolean json, PrintStream out) {
        if (json) {
            out.println(ApiJson.pretty(markets));
            return 0;
        }
        Table table = new Table("market", "index USD", "age ms", "safe", "bid USD", "ask USD", "spread ppm", "skew",
                "funding ppb", "pool cash USD");
        for (MarketView m : markets) {
            table.row(m.id(), m.indexPriceUsd(), m.indexAgeMillis(), m.safeMode() ? "SAFE" : "-", m.spread().bidUsd(),
                    m.spread().askUsd(), m.spread().spreadPpm(), m.skew(), m.currentFundingRatePpb(), m.pool().cashUsd());
        }
        table.print(out);
        for (MarketView m : markets) {
            out.println(m.id() + ": " + m.spread().why());
        }
        return 0;
    }

    private static int status(StatusView s, boolean json, PrintStream out) {
        if (json) {
            out.println(ApiJson.pretty(s));
            return 0;
        }
        out.printf("chain %s at height %d, state root %s%n", s.chainId(), s.height(), s.stateRoot().substring(0, 16));
        out.printf("block interval p50 %d ms, p99 %d ms (last %d blocks); submit-to-final p50 %d ms, p99 %d ms (%d samples)%n",
                s.finality().blockIntervalP50Millis(), s.finality().blockIntervalP99Millis(), s.finality().sampleBlocks(),
                s.finality().submitToFinalP50Millis(), s.finality().submitToFinalP99Millis(), s.finality().submitSamples());
        SecurityText.print(s, out);
        Table oracles = new Table("market", "index age ms", "safe mode");
        s.oracles().forEach(o -> oracles.row(o.market(), o.indexAgeMillis(), o.safeMode()));
        oracles.print(out);
        Table lanes = new Table("validator", "height", "round", "oracle/liquidation/top-up", "withdrawal", "trade");
        s.mempool().forEach(m -> lanes.row(m.validatorId(), m.height(), m.round(), m.laneDepths().get(0),
                m.laneDepths().get(1), m.laneDepths().get(2)));
        lanes.print(out);
        return 0;
    }

    private static Transactions txs(BallastClient client) {
        return new Transactions(client.status().chainId());
    }

    /** Option series ids end in -C or -P after a strike (perp market ids end in -PERP). */
    private static boolean isSeries(String market) {
        try {
            io.ballast.core.options.OptionSeriesId.parse(market);
            return true;
        } catch (IllegalArgumentException notASeries) {
            return false;
        }
    }

    private static OptionSeriesView series(BallastClient client, String id) {
        for (MarketView market : client.markets()) {
            if (market.options() != null) {
                for (OptionSeriesView s : market.options().series()) {
                    if (s.id().equals(id)) {
                        return s;
                    }
                }
            }
        }
        throw new UsageException("no listed option series " + id + " (bin/ballast options list shows them)");
    }

    /** The price {@code fraction} away from {@code index}, rounded to whole cents outward. */
    private static String away(String indexUsd, BigDecimal fraction) {
        BigDecimal price = new BigDecimal(indexUsd).multiply(BigDecimal.ONE.add(fraction));
        return price.setScale(2, fraction.signum() > 0 ? RoundingMode.CEILING : RoundingMode.FLOOR).toPlainString();
    }
}
