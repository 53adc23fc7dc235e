package io.ballast.report;

/**
 * One number on the page, with where it comes from.
 *
 * @param seed    the seed the number was measured in (for a percentile, the seed of the sample at that rank); null
 *                when it sums or counts over every seed of the command
 * @param command the command whose report shows this same number
 */
public record Metric(long value, Unit unit, Long seed, String command) {
    public Metric {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("every number names the command that reproduces it");
        }
    }
}
