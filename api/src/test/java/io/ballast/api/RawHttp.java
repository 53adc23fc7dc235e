package io.ballast.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * HTTP/1.1 over a plain socket, byte for byte: requests no client library would send (a bad request line, a huge
 * header, a body that stalls), and responses read as the server wrote them (status line, headers, a Content-Length,
 * chunked or until-close body). Every read is bounded in time and size.
 */
final class RawHttp {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** A response: status, headers (names in lower case, in order), body (de-chunked). */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** The Content-Type's media type in lower case, without parameters ("" without one). */
        String mediaType() {
            return header("Content-Type").map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {}

    /** A well-formed request with Host, Connection: close and, with a body, Content-Length; extra header lines as given. */
    static byte[] request(String method, String target, List<String> headerLines, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Writes {@code request} (without closing the output: a short body stays short) and reads the whole response. */
    static Response send(InetSocketAddress address, byte[] request, Duration timeout) throws IOException {
        return send(address, request, timeout, null);
    }

    /**
     * As {@link #send(InetSocketAddress, byte[], Duration)}; with {@code enough}, stops reading the body as soon as
     * what arrived satisfies it (for streams that never end).
     */
    static Response send(InetSocketAddress address, byte[] request, Duration timeout, Predicate<byte[]> enough)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + lines[0]);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line: " + lines[i]);
                }
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            Response bare = new Response(Integer.parseInt(statusLine[1]), headers, new byte[0]);
            byte[] body;
            if (bare.header("Transfer-Encoding").filter(te -> te.equalsIgnoreCase("chunked")).isPresent()) {
                body = readChunked(in, enough);
            } else if (bare.header("Content-Length").isPresent()) {
                body = readExactly(in, Integer.parseInt(bare.header("Content-Length").get()));
            } else {
                body = readToEnd(in, enough);
            }
            return new Response(bare.status(), headers, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the response head ended: " + head);
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("response head over " + MAX_HEAD_BYTES + " bytes");
            }
            last4 = (last4 << 8) | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        if (length > MAX_BODY_BYTES) {
            throw new IOException("body of " + length + " bytes");
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in, Predicate<byte[]> enough) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            readLine(in);
            if (body.size() > MAX_BODY_BYTES) {
                throw new IOException("chunked body over " + MAX_BODY_BYTES + " bytes");
            }
            if (enough != null && enough.test(body.toByteArray())) {
                return body.toByteArray();
            }
        }
    }

    private static byte[] readToEnd(InputStream in, Predicate<byte[]> enough) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            body.write(buffer, 0, n);
            if (body.size() > MAX_BODY_BYTES) {
                throw new IOException("body over " + MAX_BODY_BYTES + " bytes");
            }
            if (enough != null && enough.test(body.toByteArray())) {
                break;
            }
        }
        return body.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.length() > 1024) {
                throw new IOException("bad chunk framing after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
