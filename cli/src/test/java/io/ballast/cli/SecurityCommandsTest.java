package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.ballast.api.client.ApiJson;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.ValidatorView;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code status} prints the cost of corruption (and a WARNING below 1), {@code validators} the table; both --json. */
class SecurityCommandsTest {
    private static final String KEY = "ab".repeat(32);
    private final AtomicReference<StatusView> status = new AtomicReference<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/status", exchange -> respond(exchange, ApiJson.bytes(status.get())));
        server.createContext("/v1/validators", exchange -> respond(exchange, ApiJson.bytes(List.of(
                new ValidatorView(0, "validator-0", KEY, 250_000_000_000_000L, true, true, 41, 1_000, 0, false, 0,
                        "250000000", "0", "250000000", false, 0, "0", "12.5", 20, 19, "0.95"),
                new ValidatorView(-1, "validator-cdcdcdcd", "cd".repeat(32), 0, false, false, 0, 0, 0, false, 0,
                        "1000000", "0", "0", true, 100_500, "10000", "0", 0, 0, null)))));
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws java.io.IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static StatusView status(String ratio, boolean warning) {
        return new StatusView("ballast-devnet", 42, 1_000, "00".repeat(32), new StatusView.Finality(10, 200, 300, 5, 250, 400),
                new StatusView.Stake(1_000, 750, 667, 83, 3, 4),
                new StatusView.Security(true, 4, "1000000000", "333333333.333334", "666666666.666667", "33333333.333333",
                        "10000000", ratio, warning), List.of(), List.of());
    }

    private static StatusView ok() {
        return status("3.333333", false);
    }

    @Test
    void statusPrintsTheSecurityLinesAndAWarningBelowOne() throws Exception {
        status.set(status("3.333333", false));
        CliRun ok = CliRun.of("status", "--node", url);
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("stake of the set certifying height 42: online 0.00075 USD of 0.001 USD (3 of 4"
                + " validators); commits need 0.000667 USD: 0.000083 USD more can fail"), ok.out());
        assertTrue(ok.out().contains("security: 1000000000 USD bonded by 4 validators; halting commits takes"
                + " 333333333.333334 USD, a fork 666666666.666667 USD and burns at least 33333333.333333 USD"), ok.out());
        assertTrue(ok.out().contains("corruption cost ratio 3.333333"), ok.out());
        assertFalse(ok.out().contains("WARNING"), ok.out());

        status.set(new StatusView("ballast-api-test", 42, 1_000, "00".repeat(32), ok().finality(), ok().stake(),
                new StatusView.Security(false, 4, "0", "0", "0", "0", "20000", "0", true), List.of(), List.of()));
        CliRun permissioned = CliRun.of("status", "--node", url);
        assertTrue(permissioned.out().contains("stake of the set certifying height 42: online 750 of 1000 (3 of 4"
                + " validators); commits need 667: 83 more can fail"), permissioned.out());
        assertTrue(permissioned.out().contains("security: no bonded stake"), permissioned.out());
        assertTrue(permissioned.out().contains("WARNING: corruption cost ratio 0 is below 1"), permissioned.out());

        status.set(status("0.42", true));
        CliRun low = CliRun.of("status", "--node", url);
        assertEquals(0, low.exitCode(), low.err());
        assertTrue(low.out().contains("WARNING: corruption cost ratio 0.42 is below 1"), low.out());

        CliRun json = CliRun.of("status", "--node", url, "--json");
        assertEquals(0, json.exitCode(), json.err());
        StatusView parsed = ApiJson.mapper().readValue(json.out(), StatusView.class);
        assertEquals(status.get().security(), parsed.security());
        assertTrue(ApiJson.mapper().readTree(json.out()).get("security").get("warning").asBoolean());
    }

    @Test
    void validatorsPrintsTheTableAndJson() throws Exception {
        CliRun table = CliRun.of("validators", "--node", url);
        assertEquals(0, table.exitCode(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(4, lines.size(), table.out());
        for (String header : List.of("bond USD", "power USD", "jailed", "slashed USD", "uptime", "rewards USD")) {
            assertTrue(lines.get(0).contains(header), header + " in " + lines.get(0));
        }
        assertTrue(lines.get(2).matches(".*validator-0 +abababababababab +yes +yes +250000000 +250000000 +0 +- +0"
                + " +0\\.95 \\(19/20\\) +12\\.5$"), lines.get(2));
        assertTrue(lines.get(3).matches("^ *- +validator-cdcdcdcd .* no +no +1000000 +0 +0 +until 100500 +10000 +- +0$"),
                lines.get(3));

        CliRun json = CliRun.of("validators", "--node", url, "--json");
        assertEquals(0, json.exitCode(), json.err());
        ValidatorView[] parsed = ApiJson.mapper().readValue(json.out(), ValidatorView[].class);
        assertEquals(2, parsed.length);
        assertEquals("12.5", parsed[0].rewardsUsd());
        assertEquals(-1, parsed[1].index());

        CliRun help = CliRun.of("validators", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("uptime"), help.out());
    }
}
