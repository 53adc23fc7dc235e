package io.ballast.report;

import io.ballast.core.ledger.Units;
import java.util.Locale;

/** How numbers read on the page. Integers in, text out; the same number always reads the same. */
final class Format {
    private Format() {}

    static String millis(long millis) {
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return (millis / 1_000) + "." + (millis % 1_000) / 100 + " s";
        }
        return grouped(Math.round(millis / 1_000.0)) + " s";
    }

    /** Micro-USD as whole dollars with thousands separators. */
    static String usd(long microUsd) {
        long dollars = Math.floorDiv(microUsd + Units.USD_SCALE / 2, Units.USD_SCALE);
        return (dollars < 0 ? "−$" : "$") + grouped(Math.abs(dollars));
    }

    /** Micro-USD for an axis: 12.35M, 840k, 950. */
    static String compactUsd(long microUsd) {
        long dollars = Math.floorDiv(microUsd, Units.USD_SCALE);
        if (Math.abs(dollars) >= 1_000_000) {
            long hundredths = Math.round(dollars / 10_000.0);
            return hundredths / 100 + "." + String.format(Locale.ROOT, "%02d", Math.abs(hundredths % 100)) + "M";
        }
        if (Math.abs(dollars) >= 10_000) {
            return Math.round(dollars / 1_000.0) + "k";
        }
        return String.valueOf(dollars);
    }

    /** Parts per million as a percentage with two decimals. */
    static String ppm(long ppm) {
        long hundredths = Math.round(Math.abs(ppm) / 100.0);
        return (ppm < 0 && hundredths > 0 ? "−" : "") + hundredths / 100 + "."
                + String.format(Locale.ROOT, "%02d", hundredths % 100) + " %";
    }

    /** A ratio in parts per million as a multiple with two decimals: 7.30×; below 0.1× with four: 0.0012×. */
    static String ratio(long ppm) {
        if (Math.abs(ppm) < 100_000) {
            long tenThousandths = Math.round(ppm / 100.0);
            return (tenThousandths < 0 ? "−" : "") + "0." + String.format(Locale.ROOT, "%04d", Math.abs(tenThousandths))
                    + "×";
        }
        long hundredths = Math.round(ppm / 10_000.0);
        return (hundredths < 0 ? "−" : "") + Math.abs(hundredths) / 100 + "."
                + String.format(Locale.ROOT, "%02d", Math.abs(hundredths) % 100) + "×";
    }

    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value); // the same digits on every machine, whatever its locale
    }

    static String value(Metric metric) {
        if (metric == null) {
            return "—";
        }
        return switch (metric.unit()) {
            case MILLISECONDS -> millis(metric.value());
            case MICRO_USD -> usd(metric.value());
            case PPM -> ppm(metric.value());
            case PERMILLE -> metric.value() / 10 + "." + metric.value() % 10 + " %";
            case ROUNDS, COUNT, STAKE, HEIGHT -> grouped(metric.value());
            case RATIO_PPM -> ratio(metric.value());
        };
    }

    /** The provenance line shown on hover: the seed (if any) and the command. */
    static String provenance(Metric metric) {
        if (metric == null) {
            return "no samples";
        }
        return (metric.seed() == null ? "" : "seed " + metric.seed() + " · ") + metric.command();
    }
}
