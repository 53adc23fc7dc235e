package io.ballast.api.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of {@code text/event-stream} as the WHATWG HTML standard defines it ("Server-sent events",
 * interpreting an event stream). Bytes arrive in chunks of any size; a line may end in CR, LF or CRLF (a CRLF split
 * between two chunks is one line end). Per line: empty dispatches the event; {@code :} starts a comment;
 * {@code field: value} with one leading space of the value stripped; a line without a colon is a field with an
 * empty value. Fields: {@code data} (lines joined with LF), {@code event} (the type, {@code message} when none),
 * {@code id} (the last event id, kept across events and reconnections; ignored when it contains NUL),
 * {@code retry} (the reconnection delay in milliseconds, ASCII digits only, else ignored); others are ignored. A
 * byte order mark at the start of the stream is skipped; lines are decoded as UTF-8 (invalid bytes become U+FFFD).
 * Bounded: a line longer than {@code lineBytesMax} or event data longer than {@code dataCharsMax} fails the stream.
 * Not thread-safe: one reader feeds it.
 */
final class EventStreamParser {
    /** @param type the event's type ({@code message} when it named none) @param lastEventId "" when none was set */
    record Event(String type, String data, String lastEventId) {}

    interface Listener {
        void onEvent(Event event);

        /** A {@code retry} field: milliseconds (values beyond 18 digits are {@link Long#MAX_VALUE}). */
        void onRetry(long millis);
    }

    /** A limit was exceeded: the stream cannot be read further. */
    static final class LimitExceededException extends java.io.IOException {
        LimitExceededException(String message) {
            super(message);
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final char BOM = '\uFEFF';
    private static final int LONG_DIGITS_MAX = 18;

    private final int lineBytesMax;
    private final int dataCharsMax;
    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private boolean streamStart = true;
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";
    private String lastEventId = "";

    EventStreamParser(int lineBytesMax, int dataCharsMax, Listener listener) {
        if (lineBytesMax < 1 || dataCharsMax < 1) {
            throw new IllegalArgumentException("event stream limits must be positive");
        }
        this.lineBytesMax = lineBytesMax;
        this.dataCharsMax = dataCharsMax;
        this.listener = listener;
    }

    /** Parses {@code length} bytes of the stream, calling the listener for each event and retry completed by them. */
    void feed(byte[] bytes, int offset, int length) throws LimitExceededException {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == LF) {
                    continue;
                }
            }
            if (b == CR) {
                afterCr = true;
                endLine();
            } else if (b == LF) {
                endLine();
            } else {
                if (lineLength == lineBytesMax) {
                    throw new LimitExceededException("event stream line longer than " + lineBytesMax + " bytes");
                }
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, lineBytesMax));
                }
                line[lineLength++] = b;
            }
        }
    }

    /**
     * A new connection: the incomplete line and event of the previous one are discarded (the standard's end of
     * file), the last event id is kept.
     */
    void restart() {
        lineLength = 0;
        afterCr = false;
        streamStart = true;
        data.setLength(0);
        eventType = "";
        lastEventIdBuffer = lastEventId;
    }

    /** The last event id of the stream so far ("" when none was set). */
    String lastEventId() {
        return lastEventId;
    }

    private void endLine() throws LimitExceededException {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (streamStart) {
            streamStart = false;
            if (!text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if ((long) data.length() + value.length() + 1 > dataCharsMax) {
                    throw new LimitExceededException("event stream event data longer than " + dataCharsMax + " characters");
                }
                data.append(value).append('\n');
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    listener.onRetry(value.length() > LONG_DIGITS_MAX ? Long.MAX_VALUE : Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1); // the LF after the last data line
        Event event = new Event(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId);
        data.setLength(0);
        eventType = "";
        listener.onEvent(event);
    }
}
