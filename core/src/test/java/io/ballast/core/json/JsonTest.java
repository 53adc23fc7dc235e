package io.ballast.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAndWritesRoundTrip() {
        String text = "{\"a\":[1,-2.5,\"x\\n\"],\"b\":{\"c\":true,\"d\":null}}";
        Map<String, Object> parsed = Json.parseObject(text);
        assertEquals(List.of(new BigDecimal("1"), new BigDecimal("-2.5"), "x\n"), parsed.get("a"));
        assertEquals(text, Json.write(parsed));
    }

    @Test
    void rejectsWhatIsNotStrictJson() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "[1,]", "{a:1}", "01", "1 2", "\"\t\"", "{\"a\":1}//", "NaN", "")) {
            assertThrows(JsonException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void fieldsAreStrict() {
        JsonFields fields = new JsonFields("genesis", Json.parse("{\"n\":3,\"s\":\"1.5\",\"x\":1}"));
        assertEquals(3, fields.integer("n"));
        assertEquals(1_500_000, fields.decimal("s", 6));
        assertThrows(JsonException.class, () -> fields.string("n"));
        assertThrows(JsonException.class, () -> fields.integer("missing"));
        assertThrows(JsonException.class, () -> fields.allowOnly(java.util.Set.of("n", "s")));
    }
}
