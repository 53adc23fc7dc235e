package io.ballast.report;

/** The safety section, the cluster section and how to reproduce the page. */
final class HtmlSafetySections {
    private HtmlSafetySections() {}

    static void safety(StringBuilder page, ReportModel model) {
        SafetyReport safety = model.safety();
        long seeds = 0;
        for (SafetyReport.ClassSeeds c : safety.classes()) {
            seeds += c.seeds().value();
        }
        page.append("<section id=\"safety\">\n<h2>Safety</h2>\n");
        if (safety.status() == SafetyReport.Status.HELD) {
            page.append("<p class=\"status green\">Every invariant held in all ").append(Format.grouped(seeds))
                    .append(" seeds.</p>\n");
        } else {
            page.append("<p class=\"status red\">").append(safety.violations().size()).append(" of ")
                    .append(Format.grouped(seeds)).append(" seeds broke an invariant. Each replays alone:</p>\n<table>\n")
                    .append("<thead><tr><th>class</th><th>n</th><th>seed</th><th>invariant</th><th>what happened</th>")
                    .append("<th>replay</th></tr></thead>\n<tbody>\n");
            for (SafetyReport.Violation v : safety.violations()) {
                page.append("<tr class=\"bad\">").append(Html.cell(v.faultClass().id())).append("<td class=\"r\">")
                        .append(v.validators()).append("</td><td class=\"r\">").append(v.seed()).append("</td>")
                        .append(Html.cell(v.invariant().label())).append(Html.cell(v.message())).append("<td>")
                        .append(Html.code(v.replay())).append("<br>").append(Html.code(v.command())).append("</td></tr>\n");
            }
            page.append("</tbody>\n</table>\n");
        }
        page.append("<table>\n<thead><tr><th>invariant</th><th>checked</th><th>what</th></tr></thead>\n<tbody>\n");
        for (SafetyReport.Check check : safety.checks()) {
            page.append("<tr>").append(Html.cell(check.invariant().label())).append(Html.cell(check.checks()))
                    .append(Html.cell(check.invariant().checks())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n<table>\n<thead><tr><th>class</th>");
        for (int n : model.header().validators()) {
            page.append("<th>seeds, n = ").append(n).append("</th><th>violations</th>");
        }
        page.append("</tr></thead>\n<tbody>\n");
        FaultClass row = null;
        for (SafetyReport.ClassSeeds c : safety.classes()) {
            if (c.faultClass() != row) {
                page.append(row == null ? "" : "</tr>\n").append("<tr>").append(Html.cell(c.faultClass().id()));
                row = c.faultClass();
            }
            page.append(Html.cell(c.seeds())).append(HtmlReport.violationCell(c.violations()));
        }
        page.append("</tr>\n</tbody>\n</table>\n</section>\n");
    }

    static void cluster(StringBuilder page, ReportModel model) {
        ClusterReport cluster = model.cluster();
        page.append("<section id=\"cluster\">\n<h2>Real JVMs (the chaos suite)</h2>\n");
        if (cluster.status() == ClusterReport.Status.NOT_RUN) {
            page.append("<p class=\"note\">Not run in this campaign. ").append(Html.code(cluster.command()))
                    .append(" adds the chaos suite's faults (kill -9, SIGSTOP, partitions, loss, latency, a full stop) ")
                    .append("against four node JVMs and Cassandra on 127.0.0.11–14; it needs root, nftables, iptables ")
                    .append("and gcc.</p>\n</section>\n");
            return;
        }
        page.append("<p>Wall-clock measurements of one run on real JVMs (times from the fault's injection, −1 = never): ")
                .append("they are not reproducible by seed; ").append(Html.code(cluster.command()))
                .append(" runs the same faults again.</p>\n<table>\n<thead><tr><th>fault</th><th>detect</th>")
                .append("<th>5 blocks past</th><th>healed</th><th>p50</th><th>p99</th><th>blocks during</th>")
                .append("<th>acked during</th><th>acked total</th><th>lost</th><th>problems</th></tr></thead>\n<tbody>\n");
        for (ClusterReport.Fault f : cluster.faults()) {
            page.append("<tr").append(f.survived() ? "" : " class=\"bad\"").append(">").append(Html.cell(f.fault()))
                    .append(millis(f.detectMillis())).append(millis(f.commitsMillis())).append(millis(f.healedMillis()))
                    .append(millis(f.p50Millis())).append(millis(f.p99Millis())).append(count(f.blocksDuring()))
                    .append(count(f.ackedDuring())).append(count(f.ackedTotal())).append("<td class=\"r")
                    .append(f.lost() > 0 ? " bad" : "").append("\">").append(f.lost()).append("</td>")
                    .append(Html.cell(String.join("; ", f.problems()))).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    private static String millis(long millis) {
        return "<td class=\"r\">" + (millis < 0 ? "−1" : Html.escape(Format.millis(millis))) + "</td>";
    }

    private static String count(long value) {
        return "<td class=\"r\">" + Format.grouped(value) + "</td>";
    }

    static void reproduce(StringBuilder page, ReportModel model) {
        page.append("<section id=\"reproduce\">\n<h2>Reproduce</h2>\n<p>The simulator is deterministic: the same ")
                .append("seeds give the same numbers, byte for byte in <code>report.json</code>. Hover a number for its ")
                .append("seed and command; a percentile's seed is the seed of the sample at that rank, a maximum's ")
                .append("command runs that seed alone. The whole campaign: ").append(Html.code(model.header().command()))
                .append(". One class at one validator count:</p>\n<table>\n<thead><tr><th>class</th><th>n</th>")
                .append("<th>command</th></tr></thead>\n<tbody>\n");
        for (ClassReport report : model.classes()) {
            for (ClassReport.AtValidators at : report.byValidators()) {
                page.append("<tr>").append(Html.cell(report.faultClass().id())).append("<td class=\"r\">")
                        .append(at.validators()).append("</td><td>").append(Html.code(at.command())).append("</td></tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n<p class=\"note\">A seed of the simulator alone: <code>bin/ballast sim ")
                .append("--scenario CLASS --seed S --validators N --observe-ms ").append(model.header().observeMillis())
                .append("</code> (the no-fault class is the scenario <code>happy</code>).</p>\n</section>\n");
    }
}
