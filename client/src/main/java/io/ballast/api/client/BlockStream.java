package io.ballast.api.client;

import io.ballast.api.model.BlockView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A reader of {@code GET /v1/stream} (Server-Sent Events): {@link #next()} blocks for the next committed block.
 * After {@link #close()} (or a dropped connection), resume with {@link BallastClient#stream(Long, String)} passing
 * {@link #lastEventId()}: the node replays from the block after it, so nothing is missed.
 */
public final class BlockStream implements AutoCloseable {
    private final InputStream body;
    private final BufferedReader reader;
    private String lastEventId;

    BlockStream(InputStream body) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next block; null when the node closed the stream. */
    public BlockView next() {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if ("block".equals(event) && data.length() > 0) {
                        lastEventId = id;
                        return ApiJson.mapper().readValue(data.toString(), BlockView.class);
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("block stream: " + e.getMessage(), e);
        }
    }

    /** The id (height) of the last block returned, for resuming. */
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing a dropped connection
        }
    }
}
