package io.ballast.api.client;

import io.ballast.api.model.BlockView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reader of {@code GET /v1/stream} (Server-Sent Events): {@link #next()} blocks for the next committed block, in
 * height order, each exactly once. When the connection drops (the node restarts, a proxy cuts it, or nothing — not
 * even the node's 10 s heartbeat — arrives for {@link Options#idleTimeoutMillis}), it reconnects by itself after the
 * reconnection delay (the node's {@code retry:} field, else {@link Options#retryMillis}; doubled after each failed
 * attempt up to {@link Options#retryMaxMillis}) and resumes with {@code Last-Event-ID} set to the last block it
 * returned: the node replays from the block after it (before its first block: from the height it started at; a
 * stream opened "from the next block" asks the node's latest block first, so it has one). A block it already
 * returned is skipped; a gap fails the stream (it never skips a height silently). After
 * {@link Options#reconnectsMax} failed attempts in a row, or an answer that retrying cannot fix (a 4xx problem such
 * as {@code BLOCK_NOT_RETAINED}), {@link #next()} throws.
 *
 * <p>One thread reads ({@link #next()}); {@link #close()} may be called from any thread and makes a blocked
 * {@link #next()} return null.
 */
public final class BlockStream implements AutoCloseable {
    /**
     * @param retryMillis       the reconnection delay until the node sends a {@code retry:} field
     * @param retryMaxMillis    the longest delay between two attempts (failed attempts double the delay up to it;
     *                          also the cap of a node's {@code retry:} and {@code Retry-After})
     * @param reconnectsMax     failed reconnection attempts in a row after which {@link #next()} throws
     * @param idleTimeoutMillis a connection silent for this long is dropped and resumed (the node sends a heartbeat
     *                          every 10 s)
     * @param lineBytesMax      the longest line of the event stream
     * @param eventCharsMax     the largest event data (one block as JSON)
     */
    public record Options(long retryMillis, long retryMaxMillis, int reconnectsMax, long idleTimeoutMillis,
                          int lineBytesMax, int eventCharsMax) {
        public Options {
            if (retryMillis < 1 || retryMaxMillis < retryMillis || reconnectsMax < 0 || idleTimeoutMillis < 100
                    || lineBytesMax < 1 || eventCharsMax < 1) {
                throw new IllegalArgumentException("block stream options: need 1 <= retryMillis <= retryMaxMillis,"
                        + " reconnectsMax >= 0, idleTimeoutMillis >= 100 and positive limits; got retryMillis "
                        + retryMillis + ", retryMaxMillis " + retryMaxMillis + ", reconnectsMax " + reconnectsMax
                        + ", idleTimeoutMillis " + idleTimeoutMillis + ", lineBytesMax " + lineBytesMax
                        + ", eventCharsMax " + eventCharsMax);
            }
        }

        /** 1 s first delay, at most 30 s, 10 attempts in a row, 30 s idle, 16 MiB lines and events. */
        public static Options defaults() {
            return new Options(1_000, 30_000, 10, 30_000, 16 << 20, 16 << 20);
        }

        public Options withRetry(long firstMillis, long maxMillis) {
            return new Options(firstMillis, maxMillis, reconnectsMax, idleTimeoutMillis, lineBytesMax, eventCharsMax);
        }

        public Options withReconnectsMax(int attempts) {
            return new Options(retryMillis, retryMaxMillis, attempts, idleTimeoutMillis, lineBytesMax, eventCharsMax);
        }

        public Options withIdleTimeoutMillis(long millis) {
            return new Options(retryMillis, retryMaxMillis, reconnectsMax, millis, lineBytesMax, eventCharsMax);
        }

        public Options withLimits(int lineBytes, int eventChars) {
            return new Options(retryMillis, retryMaxMillis, reconnectsMax, idleTimeoutMillis, lineBytes, eventChars);
        }
    }

    private static final String BLOCK_EVENT = "block";
    private static final long NOT_READING = Long.MIN_VALUE;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "ballast-block-stream-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final BallastClient client;
    private final Options options;
    /** Events of the last read: at most one per two bytes of {@link #buffer}; drained before the next read. */
    private final ArrayDeque<EventStreamParser.Event> parsed = new ArrayDeque<>();
    private final EventStreamParser parser;
    private final byte[] buffer = new byte[8192];
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final ScheduledFuture<?> watchdog;
    private final Long fromHeight;
    private final String initialLastEventId;
    private volatile InputStream body;
    /** When the reader began waiting for bytes; {@link #NOT_READING} while it is not waiting (a slow consumer is not a silent node). */
    private volatile long readingSinceNanos = NOT_READING;
    private volatile boolean closed;
    private long retryMillis;
    private long nextHeight = -1;
    private String lastEventId;
    private int reconnects;

    private BlockStream(BallastClient client, Long fromHeight, String lastEventId, Options options) {
        this.client = client;
        this.options = options;
        this.fromHeight = fromHeight;
        this.initialLastEventId = lastEventId;
        this.retryMillis = options.retryMillis();
        this.parser = new EventStreamParser(options.lineBytesMax(), options.eventCharsMax(),
                new EventStreamParser.Listener() {
                    @Override
                    public void onEvent(EventStreamParser.Event event) {
                        parsed.add(event);
                    }

                    @Override
                    public void onRetry(long millis) {
                        retryMillis = Math.max(1, Math.min(millis, options.retryMaxMillis()));
                    }
                });
        if (lastEventId != null) {
            nextHeight = Math.addExact(parseHeight(lastEventId), 1);
        } else if (fromHeight != null) {
            nextHeight = fromHeight;
        }
        long checkMillis = Math.max(50, options.idleTimeoutMillis() / 4);
        this.watchdog = WATCHDOG.scheduleWithFixedDelay(this::dropIfIdle, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects (a failure of this first connection throws at once) and returns the stream. Without a start it starts
     * after the node's latest block, asked first, so that a drop before the first block still resumes there.
     */
    static BlockStream open(BallastClient client, Long fromHeight, String lastEventId, Options options) {
        Long start = fromHeight != null || lastEventId != null ? fromHeight : Long.valueOf(afterLatestBlock(client));
        BlockStream stream = new BlockStream(client, start, lastEventId, options);
        try {
            stream.connect();
        } catch (IOException e) {
            stream.close();
            throw client.failure(e);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    /** The next block; null once the stream is closed. */
    public BlockView next() {
        while (!closed) {
            EventStreamParser.Event event = parsed.poll();
            if (event != null) {
                BlockView block = accept(event);
                if (block != null) {
                    return block;
                }
                continue;
            }
            InputStream in = body;
            if (in == null) {
                reconnect();
                continue;
            }
            int read;
            readingSinceNanos = System.nanoTime();
            try {
                read = in.read(buffer);
            } catch (IOException dropped) {
                read = -1;
            } finally {
                readingSinceNanos = NOT_READING;
            }
            if (read < 0) {
                disconnect(in);
                continue;
            }
            try {
                parser.feed(buffer, 0, read);
            } catch (EventStreamParser.LimitExceededException e) {
                close();
                throw new UncheckedIOException("block stream from " + client.base() + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    /** The id (height) of the last block returned, for resuming in another stream; null before the first. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Reconnections so far (after drops, silences and failed attempts). */
    public int reconnects() {
        return reconnects;
    }

    @Override
    public void close() {
        closed = true;
        closedSignal.countDown();
        watchdog.cancel(false);
        InputStream in = body;
        if (in != null) {
            disconnect(in);
        }
    }

    private BlockView accept(EventStreamParser.Event event) {
        if (!BLOCK_EVENT.equals(event.type())) {
            return null; // heartbeats and events of other types
        }
        BlockView block;
        try {
            block = ApiJson.mapper().readValue(event.data(), BlockView.class);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("block stream from " + client.base() + ": unreadable block event", e);
        }
        if (!event.lastEventId().equals(Long.toString(block.height()))) {
            close();
            throw new IllegalStateException("block stream from " + client.base() + ": event id \"" + event.lastEventId()
                    + "\" is not the height of its block " + block.height());
        }
        if (nextHeight >= 0 && block.height() < nextHeight) {
            return null; // already returned before a reconnection
        }
        if (nextHeight >= 0 && block.height() > nextHeight) {
            close();
            throw new IllegalStateException("block stream from " + client.base() + ": expected height " + nextHeight
                    + ", got " + block.height());
        }
        nextHeight = Math.addExact(block.height(), 1);
        lastEventId = event.lastEventId();
        return block;
    }

    private void connect() throws IOException {
        String resumeAfter = lastEventId != null ? lastEventId : initialLastEventId;
        HttpResponse<InputStream> response = client.openStream(resumeAfter == null ? fromHeight : null, resumeAfter);
        if (response.statusCode() != 200) {
            byte[] answer;
            try (InputStream in = response.body()) {
                answer = in.readNBytes(64 * 1024);
            }
            throw new BallastApiException(BallastClient.problemOf(response.statusCode(), answer));
        }
        parser.restart();
        InputStream in = response.body();
        synchronized (this) {
            body = in;
        }
        if (closed) {
            disconnect(in);
        }
    }

    /** Waits the reconnection delay (doubled per failed attempt) and connects; throws when it must give up. */
    private void reconnect() {
        long delayMillis = retryMillis;
        for (int attempt = 1; ; attempt++) {
            if (attempt > options.reconnectsMax()) {
                close();
                throw new UncheckedIOException("block stream from " + client.base() + ": " + options.reconnectsMax()
                        + " reconnection attempts failed", new IOException("node unreachable"));
            }
            if (waitClosed(delayMillis)) {
                return;
            }
            reconnects++;
            try {
                connect();
                return;
            } catch (IOException e) {
                delayMillis = Math.min(options.retryMaxMillis(), Math.multiplyExact(delayMillis, 2));
            } catch (BallastApiException e) {
                if (e.status() != 429 && e.status() / 100 != 5) {
                    close();
                    throw e;
                }
                delayMillis = Math.min(options.retryMaxMillis(), Math.multiplyExact(delayMillis, 2));
            }
        }
    }

    private boolean waitClosed(long millis) {
        try {
            return closedSignal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return true;
        }
    }

    private void dropIfIdle() {
        InputStream in = body;
        long since = readingSinceNanos;
        if (in != null && since != NOT_READING
                && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(options.idleTimeoutMillis())) {
            disconnect(in);
        }
    }

    private void disconnect(InputStream in) {
        synchronized (this) {
            if (body == in) {
                body = null;
            }
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }

    private static long afterLatestBlock(BallastClient client) {
        try {
            return Math.addExact(client.latestBlock().height(), 1);
        } catch (BallastApiException e) {
            if (e.status() == 404) {
                return 1; // no block yet
            }
            throw e;
        }
    }

    private static long parseHeight(String eventId) {
        if (!eventId.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("a block stream's last event id is a height, got \"" + eventId + "\"");
        }
        return Long.parseLong(eventId);
    }
}
