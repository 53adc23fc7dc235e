package io.ballast.cli;

import io.ballast.core.json.Json;
import io.ballast.core.ledger.Units;
import io.ballast.core.math.Fixed;
import io.ballast.core.options.BlackScholes;
import io.ballast.core.options.Greeks;
import io.ballast.core.options.OptionType;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/ballast options price ...}: the ledger's own Black–Scholes (fixed point, StrictMath) on the command line. */
@Command(name = "price",
        description = {"The European option's Black–Scholes value and greeks, computed by the ledger's own code (fixed-point"
                + " inputs, StrictMath inside: the same bits on every JVM; price within 1 micro-USD + 1e-13 × (spot + strike))."},
        footer = {"", "Output (per unit of the underlying; JSON fields price, delta, gamma, vega, theta, decimal strings):",
                "  price  USD",
                "  delta  units of the underlying per unit (0.5 = half a unit)",
                "  gamma  change of delta per 1 USD move of the spot",
                "  vega   USD per 1 vol point (a move of 0.01 in --vol), not per 1.00",
                "  theta  USD per calendar day (usually negative), not per year"})
final class OptionsPriceCommand implements Callable<Integer> {
    /** Shell completion of --type. */
    static final class Types extends java.util.ArrayList<String> {
        Types() {
            super(List.of("call", "put"));
        }
    }

    @Option(names = "--spot", paramLabel = "USD", required = true,
            description = "spot price, USD per unit of the underlying (up to 6 decimals)")
    private String spotUsd;
    @Option(names = "--strike", paramLabel = "USD", required = true,
            description = "strike price, USD per unit of the underlying (up to 6 decimals)")
    private String strikeUsd;
    @Option(names = "--vol", paramLabel = "V", required = true,
            description = "annualized volatility as a fraction: 0.6 = 60%% (up to 6 decimals; 0 allowed)")
    private String vol;
    @Option(names = "--days", paramLabel = "D", required = true,
            description = "calendar days to expiry, 0..3650 (365-day year; decimals allowed, 0 = at expiry)")
    private String days;
    @Option(names = "--type", paramLabel = "call|put", required = true, completionCandidates = Types.class,
            description = "call or put")
    private String typeName;
    @Option(names = "--rate", paramLabel = "R",
            description = "continuously compounded annual rate as a fraction (default ${DEFAULT-VALUE}, as in the ledger)")
    private String rate = "0";
    @Mixin
    private JsonOption json;
    private final PrintStream out;

    OptionsPriceCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Override
    public Integer call() {
        long spot = decimal("--spot", spotUsd);
        long strike = decimal("--strike", strikeUsd);
        long volPpm = decimal("--vol", vol);
        long ratePpm = decimal("--rate", rate);
        long daysE6 = decimal("--days", days);
        OptionType type;
        try {
            type = OptionType.parse(typeName);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--type must be call or put, got '" + typeName + "'");
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
        if (json.json()) {
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

    /** A decimal option with up to 6 decimals, as a fixed-point long (1.5 = 1,500,000). */
    private static long decimal(String option, String text) {
        try {
            return Fixed.parseDecimal(text, 6);
        } catch (NumberFormatException | ArithmeticException bad) {
            throw new UsageException(option + ": " + bad.getMessage());
        }
    }
}
