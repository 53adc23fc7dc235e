package io.ballast.cli;

import io.ballast.api.client.ApiJson;
import io.ballast.api.client.BallastClient;
import io.ballast.keys.KeyFile;
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
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CLI over a node's HTTP API (through the Java client): {@code deposit}, {@code withdraw}, {@code trade},
 * {@code close}, {@code account}, {@code markets}, {@code status}, over http or https ({@link NodeClient}).
 * Human-readable tables by default, {@code --json} for scripts. Transactions are signed locally and submitted with {@code wait=final}.
 */
final class NodeCommands {
    static final List<String> COMMANDS = List.of("deposit", "withdraw", "trade", "close", "account", "markets", "status");
    static final String USAGE = String.join("\n  ",
            "deposit --authority-key FILE (--to HEX | --to-key FILE) --amount USD   [--node URL] [--trust-store FILE] [--json]",
            "withdraw --key FILE --amount USD",
            "trade --key FILE --market ID --size SIGNED_UNITS [--limit USD]   (default limit: index ± 5%; for an option",
            "      series such as BTC-20270326-70000-C: its ask + 5% buying, its bid − 5% selling)",
            "close --key FILE --market ID [--worst USD]   (a perp market or an option series)",
            "account (--key FILE | --account HEX) [--verify --genesis FILE]",
            "markets",
            "status");
    /** Without a limit, a trade accepts up to 5% worse than the index. */
    private static final BigDecimal DEFAULT_SLIPPAGE = new BigDecimal("0.05");

    private NodeCommands() {}

    static int run(String command, List<String> arguments, PrintStream out) throws Exception {
        Set<String> known = new HashSet<>(Set.of("node", "json", "key", "authority-key", "to", "to-key", "amount", "market",
                "size", "limit", "worst", "account", "verify", "genesis", "trust-store"));
        Args args = Args.parse(arguments, Set.of("json", "verify")).allowOnly(known);
        BallastClient client = NodeClient.connect(args, System.getenv());
        boolean json = args.flag("json");
        return switch (command) {
            case "deposit" -> deposit(client, args, json, out);
            case "withdraw" -> {
                KeyPair key = key(args, "key");
                yield receipt(client, client.submitAndWait(txs(client).withdraw(key, client.nextNonce(key.publicKey()),
                        required(args, "amount"))), json, out);
            }
            case "trade" -> trade(client, args, json, out);
            case "close" -> close(client, args, json, out);
            case "account" -> account(client, args, json, out);
            case "markets" -> markets(client.markets(), json, out);
            case "status" -> status(client.status(), json, out);
            default -> throw new UsageException("unknown command " + command);
        };
    }

    private static int deposit(BallastClient client, Args args, boolean json, PrintStream out) throws Exception {
        KeyPair authority = key(args, "authority-key");
        Bytes32 to = args.option("to", null) != null ? Bytes32.fromHex(args.option("to", null))
                : KeyFile.read(Path.of(required(args, "to-key"))).publicKey();
        SignedTransaction tx = txs(client).deposit(authority, client.nextNonce(authority.publicKey()), to,
                required(args, "amount"));
        return receipt(client, client.submitAndWait(tx), json, out);
    }

    private static int trade(BallastClient client, Args args, boolean json, PrintStream out) throws Exception {
        KeyPair key = key(args, "key");
        String market = required(args, "market");
        String size = required(args, "size");
        String limit = args.option("limit", null);
        if (limit == null && isSeries(market)) {
            OptionSeriesView series = series(client, market);
            limit = size.startsWith("-") ? away(series.bidUsd(), DEFAULT_SLIPPAGE.negate()) : away(series.askUsd(), DEFAULT_SLIPPAGE);
        }
        if (limit == null) {
            MarketView view = client.market(market);
            limit = away(view.indexPriceUsd(), size.startsWith("-") ? DEFAULT_SLIPPAGE.negate() : DEFAULT_SLIPPAGE);
        }
        return receipt(client, client.submitAndWait(txs(client).trade(key, client.nextNonce(key.publicKey()), market, size,
                limit)), json, out);
    }

    private static int close(BallastClient client, Args args, boolean json, PrintStream out) throws Exception {
        KeyPair key = key(args, "key");
        String market = required(args, "market");
        String worst = args.option("worst", null);
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
        return receipt(client, client.submitAndWait(txs(client).close(key, client.nextNonce(key.publicKey()), market,
                worst)), json, out);
    }

    private static int account(BallastClient client, Args args, boolean json, PrintStream out) throws Exception {
        Bytes32 account = args.option("account", null) != null ? Bytes32.fromHex(args.option("account", null))
                : key(args, "key").publicKey();
        boolean verify = args.flag("verify");
        AccountView view = client.account(account, verify);
        VerifiedAccount verified = null;
        if (verify) {
            verified = ProofVerifier.fromGenesisFile(Path.of(required(args, "genesis"))).verify(view);
        }
        if (json) {
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
        out.printf("stake online %d of %d (%d of %d validators); commits need %d: %d more can fail%n",
                s.stake().onlineStake(), s.stake().totalStake(), s.stake().onlineValidators(), s.stake().validators(),
                s.stake().quorumStake(), Math.max(0, s.stake().tolerableFailureStake()));
        Table oracles = new Table("market", "index age ms", "safe mode");
        s.oracles().forEach(o -> oracles.row(o.market(), o.indexAgeMillis(), o.safeMode()));
        oracles.print(out);
        Table lanes = new Table("validator", "height", "round", "oracle/liquidation/top-up", "withdrawal", "trade");
        s.mempool().forEach(m -> lanes.row(m.validatorId(), m.height(), m.round(), m.laneDepths().get(0),
                m.laneDepths().get(1), m.laneDepths().get(2)));
        lanes.print(out);
        return 0;
    }

    private static int receipt(BallastClient client, TxReceiptView receipt, boolean json, PrintStream out) {
        if (json) {
            out.println(ApiJson.pretty(receipt));
        } else {
            out.printf("%s %s: committed at height %d (index %d), tx %s%n", receipt.type(),
                    receipt.accepted() ? "accepted" : "REJECTED " + receipt.code(), receipt.height(), receipt.index(),
                    receipt.txHash());
            receipt.events().forEach(event -> out.println("  " + event.kind() + " " + event.fields()));
        }
        return receipt.accepted() ? 0 : 1;
    }

    private static Transactions txs(BallastClient client) {
        return new Transactions(client.status().chainId());
    }

    private static KeyPair key(Args args, String option) throws Exception {
        return KeyFile.read(Path.of(required(args, option)));
    }

    private static String required(Args args, String option) {
        String value = args.option(option, null);
        if (value == null) {
            throw new UsageException("--" + option + " is required");
        }
        return value;
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
