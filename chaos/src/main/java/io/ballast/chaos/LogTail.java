package io.ballast.chaos;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The complete lines appended to a file since the last call (a line still being written waits for its newline). */
final class LogTail {
    /** Read per call at most; the rest comes with the next calls. */
    static final int MAX_BYTES_PER_CALL = 64 * 1024;

    private final Path file;
    private long offset;

    LogTail(Path file) {
        this.file = file;
    }

    List<String> newLines() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size < offset) {
                offset = 0; // truncated or replaced: start over
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, MAX_BYTES_PER_CALL));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill what is there
            }
            byte[] bytes = buffer.array();
            int length = buffer.position();
            int end = length - 1;
            while (end >= 0 && bytes[end] != '\n') {
                end--;
            }
            if (end < 0) {
                if (length < MAX_BYTES_PER_CALL) {
                    return List.of(); // a partial line: wait for the rest
                }
                end = length - 1; // one line longer than a whole read: pass it on in pieces
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(bytes, 0, end + 1, StandardCharsets.UTF_8).split("\n")) {
                lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
            offset += end + 1;
            return lines;
        }
    }
}
