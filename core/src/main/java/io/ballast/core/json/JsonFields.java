package io.ballast.core.json;

import io.ballast.core.math.Fixed;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed, strict access to one parsed JSON object: missing, mistyped and unknown fields are errors. */
public final class JsonFields {
    private final String context;
    private final Map<String, Object> fields;

    public JsonFields(String context, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new JsonException(context + ": expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        this.context = context;
        this.fields = map;
    }

    /** Throws if the object has a field outside {@code allowed}. */
    public JsonFields allowOnly(Set<String> allowed) {
        for (String key : fields.keySet()) {
            if (!allowed.contains(key)) {
                throw new JsonException(context + ": unknown field \"" + key + "\"");
            }
        }
        return this;
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    public String string(String name) {
        if (get(name) instanceof String string) {
            return string;
        }
        throw new JsonException(context + "." + name + ": expected a string");
    }

    public long integer(String name) {
        if (get(name) instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonException(context + "." + name + ": expected a whole number within 64 bits");
            }
        }
        throw new JsonException(context + "." + name + ": expected a number");
    }

    public long integer(String name, long defaultValue) {
        return has(name) ? integer(name) : defaultValue;
    }

    /** A decimal given as a string (e.g. {@code "12.5"}) or number, in units of 10^-decimals. */
    public long decimal(String name, int decimals) {
        Object value = get(name);
        String text = value instanceof BigDecimal number ? number.toPlainString() : value instanceof String s ? s : null;
        if (text == null) {
            throw new JsonException(context + "." + name + ": expected a decimal string");
        }
        try {
            return Fixed.parseDecimal(text, decimals);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonException(context + "." + name + ": " + e.getMessage());
        }
    }

    public boolean bool(String name) {
        if (get(name) instanceof Boolean bool) {
            return bool;
        }
        throw new JsonException(context + "." + name + ": expected true or false");
    }

    public List<Object> array(String name) {
        if (get(name) instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> objects = (List<Object>) list;
            return objects;
        }
        throw new JsonException(context + "." + name + ": expected an array");
    }

    public JsonFields object(String name) {
        return new JsonFields(context + "." + name, get(name));
    }

    private Object get(String name) {
        Object value = fields.get(name);
        if (value == null) {
            throw new JsonException(context + ": missing field \"" + name + "\"");
        }
        return value;
    }
}
