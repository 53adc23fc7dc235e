package io.ballast.report;

/** Builds {@link Metric}s that name the command (and where one exists, the seed) reproducing them. */
final class Provenance {
    private final ReportOptions options;

    Provenance(ReportOptions options) {
        this.options = options;
    }

    ReportOptions options() {
        return options;
    }

    /** A sum or count over every seed of one class at one validator count. */
    Metric total(long value, Unit unit, FaultClass faultClass, int n) {
        return new Metric(value, unit, null, options.classCommand(faultClass, n));
    }

    /** A sum or count over every class and seed at one validator count. */
    Metric campaign(long value, Unit unit, int n) {
        return new Metric(value, unit, null, options.validatorsCommand(n));
    }

    /** A value fixed by the campaign's configuration (the validator set, a constant of the report). */
    Metric configured(long value, Unit unit) {
        return new Metric(value, unit, null, options.command());
    }

    /**
     * The sample at this rank among every seed of the class (null without samples): the class command reproduces it,
     * and the sample's seed is named.
     */
    Metric rank(Samples samples, int percent, Unit unit, FaultClass faultClass, int n) {
        Samples.Sample at = samples.percentile(percent);
        return at == null ? null : new Metric(at.value(), unit, at.seed(), options.classCommand(faultClass, n));
    }

    /**
     * The largest sample, when each sample depends on its own seed alone: that seed's one-seed report shows the same
     * value.
     */
    Metric max(Samples samples, Unit unit, FaultClass faultClass, int n) {
        Samples.Sample at = samples.max();
        return at == null ? null : new Metric(at.value(), unit, at.seed(), options.seedCommand(faultClass, n, at.seed()));
    }

    /** The same rule over the samples of every class at one validator count. */
    Metric campaignRank(Samples samples, int percent, Unit unit, int n) {
        Samples.Sample at = samples.percentile(percent);
        return at == null ? null : new Metric(at.value(), unit, at.seed(), options.validatorsCommand(n));
    }

    /** A value of one seed. */
    Metric ofSeed(long value, Unit unit, FaultClass faultClass, int n, long seed) {
        return new Metric(value, unit, seed, options.seedCommand(faultClass, n, seed));
    }

    Series series(String label, Unit x, Unit y, FaultClass faultClass, int n, java.util.List<Series.Point> points) {
        return new Series(label, x, y, null, options.classCommand(faultClass, n), points);
    }

    Series seedSeries(String label, Unit x, Unit y, FaultClass faultClass, int n, long seed,
                      java.util.List<Series.Point> points) {
        return new Series(label, x, y, seed, options.seedCommand(faultClass, n, seed), points);
    }

    Series campaignSeries(String label, Unit x, Unit y, int n, java.util.List<Series.Point> points) {
        return new Series(label, x, y, null, options.validatorsCommand(n), points);
    }
}
