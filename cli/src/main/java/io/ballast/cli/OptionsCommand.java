package io.ballast.cli;

import io.ballast.api.client.ApiJson;
import io.ballast.api.client.BallastClient;
import io.ballast.api.model.MarketView;
import io.ballast.api.model.OptionSeriesView;
import io.ballast.api.model.OptionsView;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/ballast options price ...}: the ledger's own Black–Scholes (fixed point, StrictMath) on the command line
 * ({@link OptionsPriceCommand}); {@code bin/ballast options list}: the series a node lists, as its pool quotes them.
 */
@Command(name = "options", description = "Options: price one by the ledger's own Black–Scholes, or list a node's series.",
        subcommands = OptionsPriceCommand.class)
final class OptionsCommand {
    private final PrintStream out;

    OptionsCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    @Command(name = "list", description = {"The option series a node lists, quoted by its pool: bid/ask, greeks, open"
            + " interest, settlement state."})
    int list(@Option(names = "--market", paramLabel = "ID", description = "only this market's series (default: all)") String only,
             @Mixin NodeClient node,
             @Mixin JsonOption json) throws Exception {
        BallastClient client = node.connect(System.getenv());
        List<MarketView> markets = client.markets().stream()
                .filter(m -> m.options() != null && (only == null || m.id().equals(only))).toList();
        if (json.json()) {
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
}
