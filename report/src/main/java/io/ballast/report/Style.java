package io.ballast.report;

/** The page's stylesheet (inline; local system fonts only; a print layout). */
final class Style {
    private Style() {}

    static final String CSS = String.join("\n",
            "",
            ":root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --held: #1a7f37; --slower: #9a6700;"
                    + " --violated: #cf222e; }",
            "* { box-sizing: border-box; }",
            "body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 60px; color: var(--ink); background: #fff;"
                    + " font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }",
            "h1 { font-size: 28px; margin: 0 0 8px; }",
            "h2 { font-size: 21px; margin: 36px 0 10px; padding-top: 8px; border-top: 2px solid var(--line); }",
            "h3 { font-size: 16px; margin: 14px 0 4px; }",
            "p { margin: 6px 0 10px; }",
            ".lead { font-size: 16px; }",
            "code { font: 13px/1.4 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; background: #f6f8fa;"
                    + " padding: 1px 4px; border-radius: 4px; word-break: break-all; }",
            "nav { margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; }",
            "nav a { color: #0969da; text-decoration: none; }",
            "table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13px; }",
            "th, td { border-bottom: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }",
            "thead th { background: #f6f8fa; font-weight: 600; }",
            "td.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }",
            "tr.first td, tr.first th { border-top: 1px solid #afb8c1; }",
            ".num { border-bottom: 1px dotted #afb8c1; }",
            ".bad { color: var(--violated); font-weight: 700; }",
            ".badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 700;"
                    + " color: #fff; white-space: nowrap; }",
            ".badge.held { background: var(--held); } .badge.slower { background: var(--slower); }"
                    + " .badge.violated { background: var(--violated); }",
            ".verdict { margin: 6px 0 12px; } .verdict p { margin: 2px 0; } .what { color: var(--muted); font-size: 13px; }",
            ".note { color: var(--muted); font-size: 13px; }",
            ".alarm { border: 2px solid var(--violated); color: var(--violated); padding: 8px 12px; font-weight: 600; }",
            ".status { padding: 10px 14px; border-radius: 6px; font-weight: 600; margin: 8px 0 12px; }",
            ".status.green { background: #dafbe1; border: 1px solid var(--held); color: #116329; }",
            ".status.red { background: #ffebe9; border: 2px solid var(--violated); color: #a40e26; }",
            ".status.warning { background: #fff8c5; border: 1px solid var(--slower); color: #7d4e00; }",
            ".grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 10px 18px; }",
            "figure { margin: 6px 0 12px; }",
            "svg.chart { width: 100%; height: auto; background: #fff; }",
            "svg .grid { stroke: #eaeef2; stroke-width: 1; } svg .axis { stroke: #8c959f; stroke-width: 1; }",
            "svg .guide { stroke: #cf222e; stroke-width: 1.2; stroke-dasharray: 5 4; }",
            "svg text { font: 11px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; fill: #424a53; }",
            "svg .chart-title { font-size: 13px; font-weight: 600; fill: #1f2328; }",
            "svg .axis-title { font-size: 11px; fill: #59636e; } svg .guide-label { fill: #cf222e; }",
            "@media print {",
            "  @page { size: A4; margin: 12mm; }",
            "  body { max-width: none; padding: 0; font-size: 11px; }",
            "  nav { display: none; }",
            "  h2 { break-after: avoid; }",
            "  figure, table, .verdict, .status { break-inside: avoid; }",
            "  .grid { grid-template-columns: repeat(2, 1fr); }",
            "  .num { border: none; }",
            "  code { background: none; }",
            "}",
            "");
}
