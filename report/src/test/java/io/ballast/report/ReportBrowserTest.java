package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A real headless browser (Debian's {@code chromium}; {@code .ci/run} installs it when missing) opens report.html:
 * no console message (the page has no script, so any message is an error such as a blocked load), every chart of
 * the parsed page has data, and a screenshot that is not blank, kept as {@code target/report-browser/report.png}.
 * A control page that breaks its own content security policy shows that console errors are seen.
 */
class ReportBrowserTest {
    private static final Path DIR = Path.of("target", "report-browser").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 90;

    private record Browser(int exitCode, String stdout, String stderr) {
        List<String> console() {
            List<String> lines = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.contains(":CONSOLE")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError("no chromium on PATH: apt-get install -y --no-install-recommends chromium (.ci/run does)");
    }

    private static Browser open(Path page, String... mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + DIR.resolve("profile"), "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(mode));
        command.add(page.toUri().toString());
        Path out = Files.createTempFile(DIR, "stdout", ".txt");
        Path err = Files.createTempFile(DIR, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "chromium did not finish: " + command);
        } finally {
            process.destroyForcibly();
        }
        return new Browser(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theBrowserSeesConsoleErrorsOnAPageThatBreaksItsPolicy() throws Exception {
        Files.createDirectories(DIR);
        Path bad = DIR.resolve("control.html");
        Files.writeString(bad, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\""
                + "default-src 'none'\"></head><body><p>x</p><script>console.log('ran')</script></body></html>");
        Browser browser = open(bad, "--dump-dom");
        assertEquals(0, browser.exitCode(), browser.stderr());
        assertFalse(browser.console().isEmpty(), "the blocked inline script is reported:\n" + browser.stderr());
    }

    @Test
    void theReportOpensCleanlyWithDataInEveryChartAndAScreenshotThatIsNotBlank() throws Exception {
        Files.createDirectories(DIR);
        Report.write(TestCampaigns.smallModel(), DIR);
        Path page = DIR.resolve(Report.HTML_FILE);

        Browser dom = open(page, "--dump-dom");
        assertEquals(0, dom.exitCode(), dom.stderr());
        assertEquals(List.of(), dom.console(), "console messages");
        Matcher charts = Pattern.compile("<svg class=\"chart\".*?</svg>", Pattern.DOTALL).matcher(dom.stdout());
        int count = 0;
        while (charts.find()) {
            String svg = charts.group();
            assertTrue(svg.contains("<polyline class=\"series\"") || svg.contains("<circle class=\"pt\"")
                    || svg.contains("<rect class=\"bar\""), "a chart without data points in the parsed page");
            count++;
        }
        assertTrue(count >= 10, "charts in the parsed page: " + count);
        for (String id : List.of("corruption-ratio-4", "corruption-ratio-7", "corruption-usd-4", "corruption-usd-7")) {
            Matcher chart = Pattern.compile("<svg class=\"chart\" id=\"" + id + "\".*?</svg>", Pattern.DOTALL)
                    .matcher(dom.stdout());
            assertTrue(chart.find(), "the cost-of-corruption chart " + id + " in the parsed page");
            assertTrue(chart.group().contains("<polyline class=\"series\"") || chart.group().contains("<circle class=\"pt\""),
                    "the chart " + id + " has data points");
        }

        Path png = DIR.resolve("report.png");
        Files.deleteIfExists(png);
        Browser shot = open(page, "--screenshot=" + png, "--window-size=1400,3000", "--hide-scrollbars");
        assertEquals(0, shot.exitCode(), shot.stderr());
        assertEquals(List.of(), shot.console(), "console messages");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        long inked = 0;
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colors.add(rgb);
                inked += rgb == 0xffffff ? 0 : 1;
            }
        }
        long sampled = (long) (image.getWidth() / 2) * (image.getHeight() / 2);
        assertTrue(inked > sampled / 50, "the screenshot is nearly blank: " + inked + " of " + sampled + " not white");
        assertTrue(colors.size() > 50, "a page of text, badges and charts has many colours: " + colors.size());
        assertTrue(colors.contains(0x1f6feb), "the first chart colour is on screen");
    }
}
