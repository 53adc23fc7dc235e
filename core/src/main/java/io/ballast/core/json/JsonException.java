package io.ballast.core.json;

/** Malformed JSON, or JSON whose shape is not what the reader expects. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
