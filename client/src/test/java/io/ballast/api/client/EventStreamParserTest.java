package io.ballast.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the text/event-stream format, and the same events however the bytes are split into chunks. */
class EventStreamParserTest {
    /** What a parse produced, in order: events and retry values. */
    private static final class Recorder implements EventStreamParser.Listener {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void onEvent(EventStreamParser.Event event) {
            seen.add(event);
        }

        @Override
        public void onRetry(long millis) {
            seen.add(millis);
        }
    }

    private static List<Object> parse(String stream) throws Exception {
        Recorder recorder = new Recorder();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        new EventStreamParser(1 << 20, 1 << 20, recorder).feed(bytes, 0, bytes.length);
        return recorder.seen;
    }

    private static EventStreamParser.Event event(String type, String data, String id) {
        return new EventStreamParser.Event(type, data, id);
    }

    @Test
    void oneLeadingSpaceOfAValueIsStripped() throws Exception {
        assertEquals(List.of(event("message", "a", ""), event("message", " b", ""), event("message", "c ", "")),
                parse("data: a\n\ndata:  b\n\ndata:c \n\n"));
    }

    @Test
    void dataLinesAreJoinedWithLineFeeds() throws Exception {
        assertEquals(List.of(event("message", "first\nsecond\n\nfourth", "")),
                parse("data: first\ndata: second\ndata\ndata: fourth\n\n"));
        assertEquals(List.of(event("message", "ends with an empty line\n", "")),
                parse("data: ends with an empty line\ndata:\n\n"));
    }

    @Test
    void theEventFieldNamesTheTypeUntilTheNextDispatch() throws Exception {
        assertEquals(List.of(event("block", "1", ""), event("message", "2", ""), event("other", "3", "")),
                parse("event: block\ndata: 1\n\ndata: 2\n\nevent: x\nevent: other\ndata: 3\n\n"));
    }

    @Test
    void theLastEventIdPersistsAcrossEventsAndAnIdWithNulIsIgnored() throws Exception {
        assertEquals(List.of(event("message", "a", "7"), event("message", "b", "7"), event("message", "c", "8"),
                        event("message", "d", "8"), event("message", "e", "")),
                parse("id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid: 9\u0000\ndata: d\n\nid\ndata: e\n\n"));
    }

    @Test
    void aBlankLineWithoutDataDispatchesNothingButSetsTheIdAndResetsTheType() throws Exception {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(1024, 1024, recorder);
        byte[] bytes = "id: 5\nevent: block\n\ndata: x\n\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        assertEquals(List.of(event("message", "x", "5")), recorder.seen);
        assertEquals("5", parser.lastEventId());
    }

    @Test
    void retryTakesDigitsOnly() throws Exception {
        assertEquals(List.of(2500L, 0L, Long.MAX_VALUE),
                parse("retry: 2500\nretry: 12a\nretry: -5\nretry:\nretry: 1.5\nretry:  7\nretry:0\n"
                        + "retry: 1234567890123456789012\n"));
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() throws Exception {
        assertEquals(List.of(event("message", "kept", "")),
                parse(": a comment\n:\nfoo: bar\nDATA: no\nData: no\ndata: kept\n:data: not data\n\n"));
    }

    @Test
    void aColonInTheValueIsKept() throws Exception {
        assertEquals(List.of(event("message", "{\"a\":1}: b", "")), parse("data: {\"a\":1}: b\n\n"));
    }

    @Test
    void everyLineEndingIsOneLineEnd() throws Exception {
        List<Object> expected = List.of(event("block", "1\n2", "1"), event("block", "3", "2"));
        assertEquals(expected, parse("event: block\nid: 1\ndata: 1\ndata: 2\n\nevent: block\nid: 2\ndata: 3\n\n"));
        assertEquals(expected, parse("event: block\rid: 1\rdata: 1\rdata: 2\r\revent: block\rid: 2\rdata: 3\r\r"));
        assertEquals(expected, parse("event: block\r\nid: 1\r\ndata: 1\r\ndata: 2\r\n\r\nevent: block\r\nid: 2\r\n"
                + "data: 3\r\n\r\n"));
        assertEquals(expected, parse("event: block\r\nid: 1\rdata: 1\ndata: 2\r\n\revent: block\nid: 2\r\ndata: 3\n\r\n"));
    }

    @Test
    void anIncompleteEventIsDiscardedWhenTheConnectionEnds() throws Exception {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(1024, 1024, recorder);
        byte[] first = "id: 1\ndata: one\n\nid: 2\nevent: block\ndata: cut".getBytes(StandardCharsets.UTF_8);
        parser.feed(first, 0, first.length);
        parser.restart();
        byte[] second = "data: two\n\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(second, 0, second.length);
        assertEquals(List.of(event("message", "one", "1"), event("message", "two", "1")), recorder.seen);
    }

    @Test
    void aByteOrderMarkIsSkippedAtTheStartOfEachConnectionOnly() throws Exception {
        assertEquals(List.of(event("message", "a", ""), event("message", "\uFEFFb", "")),
                parse("\uFEFFdata: a\n\ndata: \uFEFFb\n\n"));
        assertEquals(List.of(), parse("\uFEFF\uFEFFdata: a\n\n"), "a second mark makes the field unknown");
    }

    @Test
    void utf8IsDecodedPerLineAndInvalidBytesBecomeReplacementCharacters() throws Exception {
        assertEquals(List.of(event("message", "€ and 𝄞", "")), parse("data: € and 𝄞\n\n"));
        Recorder recorder = new Recorder();
        byte[] bad = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xC3, '\n', '\n'};
        new EventStreamParser(1024, 1024, recorder).feed(bad, 0, bad.length);
        assertEquals(List.of(event("message", "\uFFFD", "")), recorder.seen);
    }

    @Test
    void aLineOrAnEventBeyondItsLimitFailsTheStream() throws Exception {
        Recorder recorder = new Recorder();
        EventStreamParser lines = new EventStreamParser(16, 1024, recorder);
        byte[] fits = "data: 0123456789\n\n".getBytes(StandardCharsets.UTF_8); // 16 bytes before the LF
        lines.feed(fits, 0, fits.length);
        assertEquals(List.of(event("message", "0123456789", "")), recorder.seen);
        byte[] tooLong = "data: 01234567890\n".getBytes(StandardCharsets.UTF_8);
        EventStreamParser.LimitExceededException line = assertThrows(EventStreamParser.LimitExceededException.class,
                () -> lines.feed(tooLong, 0, tooLong.length));
        assertTrue(line.getMessage().contains("longer than 16 bytes"), line.getMessage());

        EventStreamParser events = new EventStreamParser(1024, 10, new Recorder());
        byte[] nine = "data: 1234\ndata: 1234\n".getBytes(StandardCharsets.UTF_8); // 4 + LF + 4 + LF = 10 chars
        events.feed(nine, 0, nine.length);
        byte[] more = "data:\n".getBytes(StandardCharsets.UTF_8);
        EventStreamParser.LimitExceededException data = assertThrows(EventStreamParser.LimitExceededException.class,
                () -> events.feed(more, 0, more.length));
        assertTrue(data.getMessage().contains("longer than 10 characters"), data.getMessage());
    }

    /** Every rule above in one stream, cut into two chunks at every byte position and into single bytes. */
    @Test
    void theSameEventsHoweverTheStreamIsSplit() throws Exception {
        String stream = "\uFEFF: hello\r\nretry: 1500\r\nevent: block\r\nid: 41\r\ndata: {\"height\":41,\r\n"
                + "data:  \"name\": \"€𝄞\"}\r\n\r\nid: 42\rdata:x\r\rid: 4\u00003\ndata\nretry: x\n\n"
                + "event: block\r\nid: 43\r\ndata: tail\r\n\r\n";
        List<Object> whole = parse(stream);
        assertEquals(List.of(1500L, event("block", "{\"height\":41,\n \"name\": \"€𝄞\"}", "41"),
                event("message", "x", "42"), event("message", "", "42"), event("block", "tail", "43")), whole);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = new EventStreamParser(1024, 1024, recorder);
            parser.feed(bytes, 0, cut);
            parser.feed(bytes, cut, bytes.length - cut);
            assertEquals(whole, recorder.seen, "split at byte " + cut);
        }
        Recorder single = new Recorder();
        EventStreamParser parser = new EventStreamParser(1024, 1024, single);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        assertEquals(whole, single.seen, "one byte at a time");
    }
}
