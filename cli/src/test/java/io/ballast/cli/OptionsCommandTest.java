package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsCommandTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Hull's example 15.6 (S 42, K 40, r 10%, σ 20%, half a year): call 4.76, put 0.81. */
    @Test
    void priceAsJsonHasTheFiveFieldsFromTheLedgersOwnCode() {
        Run call = run("options", "price", "--spot", "42", "--strike", "40", "--vol", "0.2", "--rate", "0.1", "--days", "182.5",
                "--type", "call", "--json");
        assertEquals(0, call.exitCode(), call.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) Json.parse(call.out().trim());
        assertEquals(List.of("price", "delta", "gamma", "vega", "theta"), List.copyOf(fields.keySet()));
        assertEquals("4.759422", fields.get("price"));
        assertEquals("0.77913129", fields.get("delta"));
        Run put = run("options", "price", "--spot", "42", "--strike", "40", "--vol", "0.2", "--rate", "0.1", "--days", "182.5",
                "--type", "put", "--json");
        assertTrue(put.out().contains("\"price\":\"0.808599\""), put.out());
    }

    @Test
    void helpSaysWhichUnits() {
        Run help = run("options", "price", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("vega   USD per 1 vol point"), help.out());
        assertTrue(help.out().contains("theta  USD per calendar day"), help.out());
        assertTrue(run("help").out().contains("options price"));
    }

    @Test
    void badInputIsAUsageError() {
        assertEquals(2, run("options", "price", "--spot", "1", "--strike", "1", "--vol", "0.5", "--days", "1").exitCode());
        assertEquals(2, run("options", "price", "--spot", "1", "--strike", "1", "--vol", "0.5", "--days", "1", "--type", "x").exitCode());
        assertEquals(2, run("options", "price", "--spot", "0", "--strike", "1", "--vol", "0.5", "--days", "1", "--type", "call").exitCode());
        assertEquals(2, run("options", "frobnicate").exitCode());
    }

    @Test
    void theLedgerDemoHasAnOptionsPhase() {
        Run demo = run("ledger", "demo", "--seed", "5", "--traders", "12", "--blocks", "150");
        assertEquals(0, demo.exitCode(), demo.err());
        String optionsRow = demo.out().lines().filter(l -> l.startsWith("options ")).findFirst().orElseThrow();
        String[] cells = optionsRow.trim().split("\\s{2,}");
        assertTrue(Integer.parseInt(cells[5]) > 0, "option trades in the options phase: " + optionsRow);
        assertTrue(demo.out().contains("cash conserved: true"));
    }
}
