package io.ballast.cli;

import io.ballast.api.client.ApiJson;
import io.ballast.api.client.BallastClient;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.OptionSeriesView;
import io.ballast.api.model.OptionsView;
import io.ballast.core.json.Json;
import io.ballast.core.ledger.Units;
import io.ballast.core.math.Fixed;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.Greeks;
import io.ballast.core.options.OptionType;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/ballast options price ...}: the ledger's own Black–Scholes (fixed point, StrictMath) on
 * the command line; {@code bin/ballast options list}: the series a node lists, as its pool quotes them.
 */
final class OptionsCommand {
    static final String USAGE = String.join("\n  ",
            "options price --spot USD --strike USD --vol V --days D --type call|put [--rate R] [--json]",
            "options list [--market ID] [--node URL] [--trust-store FILE] [--json]");
    static final String PRICE_HELP = String.join("\n",
            "usage: bin/ballast options price --spot USD --strike USD --vol V --days D --type call|put [--rate R] [--json]",
            "",
            "The European option's Black–Scholes value and greeks, computed by the ledger's own code (fixed-point",
            "inputs, StrictMath inside: the same bits on every JVM; price within 1 micro-USD + 1e-13 × (spot + strike)).",
            "",
            "  --spot, --strike  USD per unit of the underlying (up to 6 decimals)",
            "  --vol             annualized volatility as a fraction: 0.6 = 60% (up to 6 decimals; 0 allowed)",
            "  --days            calendar days to expiry (365-day year; decimals allowed, 0 = at expiry)",
            "  --rate            continuously compounded annual rate as a fraction (default 0, as in the ledger)",
            "",
            "Output (per unit of the underlying; JSON fields price, delta, gamma, vega, theta, decimal strings):",
            "  price  USD",
            "  delta  units of the underlying per unit (0.5 = half a unit)",
            "  gamma  change of delta per 1 USD move of the spot",
            "  vega   USD per 1 vol point (a move of 0.01 in --vol), not per 1.00",
            "  theta  USD per calendar day (usually negative), not per year");

    private OptionsCommand() {}

    static int run(List<String> arguments, PrintStream out) throws Exception {
        if (arguments.isEmpty() || arguments.get(0).equals("help") || arguments.get(0).equals("--help")) {
            out.println("usage: bin/ballast " + USAGE);
            return 0;
        }
        List<String> rest = arguments.subList(1, arguments.size());
        return switch (arguments.get(0)) {
            case "price" -> price(rest, out);
            case "list" -> list(rest, out);
            default -> throw new UsageException("unknown options subcommand '" + arguments.get(0) + "' (price or list)");
        };
    }

    static int price(List<String> arguments, PrintStream out) {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.println(PRICE_HELP);
            return 0;
        }
        Args args = Args.parse(arguments, Set.of("json")).allowOnly(Set.of("spot", "strike", "vol", "days", "type", "rate", "json"));
        long spot = usd(args, "spot");
        long strike = usd(args, "strike");
        long volPpm = decimal(args, "vol", null, 6);
        long ratePpm = decimal(args, "rate", "0", 6);
        long daysE6 = decimal(args, "days", null, 6);
        OptionType type;
        try {
            type = OptionType.parse(required(args, "type"));
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--type must be call or put");
        }
        if (daysE6 < 0 || daysE6 > 3_650L * 1_000_000) {
            throw new UsageException("--days must be within 0..3650");
        }
        long millis = Fixed.mulDiv(daysE6, BlackScholes.MILLIS_PER_DAY, 1_000_000);
        Greeks greeks;
        try {
            greeks = BlackScholes.greeks(type, spot, strike, volPpm, ratePpm, millis);
        } catch (IllegalArgumentException outOfRange) {
            throw new UsageException(outOfRange.getMessage());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("price", Units.formatUsd(greeks.priceUsd()));
        fields.put("delta", Fixed.formatDecimal(greeks.deltaE8(), 8));
        fields.put("gamma", Fixed.formatDecimal(greeks.gammaE12(), 12));
        fields.put("vega", Units.formatUsd(greeks.vegaUsd()));
        fields.put("theta", Units.formatUsd(greeks.thetaUsd()));
        if (args.flag("json")) {
            out.println(Json.write(fields));
            return 0;
        }
        out.printf("%s  spot %s  strike %s  vol %s  rate %s  %s days%n", type.name().toLowerCase(java.util.Locale.ROOT),
                Units.formatUsd(spot), Units.formatUsd(strike), Fixed.formatDecimal(volPpm, 6), Fixed.formatDecimal(ratePpm, 6),
                Fixed.formatDecimal(daysE6, 6));
        new Table("price USD", "delta", "gamma /USD", "vega USD/vol pt", "theta USD/day")
                .row(fields.get("price"), fields.get("delta"), fields.get("gamma"), fields.get("vega"), fields.get("theta"))
                .print(out);
        return 0;
    }

    static int list(List<String> arguments, PrintStream out) throws Exception {
        Args args = Args.parse(arguments, Set.of("json")).allowOnly(Set.of("market", "node", "trust-store", "json"));
        BallastClient client = NodeClient.connect(args, System.getenv());
        String only = args.option("market", null);
        List<MarketView> markets = client.markets().stream()
                .filter(m -> m.options() != null && (only == null || m.id().equals(only))).toList();
        if (args.flag("json")) {
            out.println(ApiJson.pretty(markets.stream().map(m -> Map.of("market", m.id(), "options", m.options())).toList()));
            return 0;
        }
        if (markets.isEmpty()) {
            out.println(only == null ? "no market has options" : "no options on " + only);
            return 0;
        }
        for (MarketView market : markets) {
            OptionsView o = market.options();
            out.printf("%s index %s%s, vol index %s (age %d ms%s)%s, guard band %d ppm%n", market.id(), market.indexPriceUsd(),
                    market.safeMode() ? " (stale)" : "", o.volIndex(), o.volIndexAgeMillis(),
                    o.volStale() ? ", STALE: " + o.volStaleReason() : "", o.safeMode() ? "; SAFE MODE for options" : "",
                    o.guardBandPpm());
            Table table = new Table("series", "expiry (UTC)", "bid USD", "ask USD", "mark USD", "delta", "gamma /USD",
                    "vega /pt", "theta /day", "long OI", "short OI", "state");
            for (OptionSeriesView s : o.series()) {
                table.row(s.id(), Instant.ofEpochMilli(s.expiryMillis()).toString().replace(":00Z", "Z"), s.bidUsd(), s.askUsd(),
                        s.markPriceUsd(), s.delta(), s.gamma(), s.vegaUsd(), s.thetaUsd(), s.longOpenInterest(),
                        s.shortOpenInterest(), s.expired() ? "settling (" + s.windowCoveragePpm() / 10_000 + "% of window fresh)" : "open");
            }
            table.print(out);
        }
        return 0;
    }

    private static long usd(Args args, String name) {
        return decimal(args, name, null, 6);
    }

    private static long decimal(Args args, String name, String defaultValue, int decimals) {
        String text = args.option(name, defaultValue);
        if (text == null) {
            throw new UsageException("--" + name + " is required (see bin/ballast options price --help)");
        }
        try {
            return Fixed.parseDecimal(text, decimals);
        } catch (NumberFormatException | ArithmeticException bad) {
            throw new UsageException("--" + name + ": " + bad.getMessage());
        }
    }

    private static String required(Args args, String name) {
        String value = args.option(name, null);
        if (value == null) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }
}
