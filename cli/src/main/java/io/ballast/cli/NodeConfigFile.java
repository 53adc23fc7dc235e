package io.ballast.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A HOCON file of extra node settings given on the command line: read whole, bounded, and parsed before use. */
final class NodeConfigFile {
    static final long MAX_BYTES = 64 * 1024;

    private NodeConfigFile() {}

    /** The file's text, once it is known to be at most {@link #MAX_BYTES} of UTF-8 HOCON. */
    static String read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new UsageException("--node-config " + file + " holds " + size + " bytes, more than " + MAX_BYTES);
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            ConfigFactory.parseString(text);
            return text;
        } catch (CharacterCodingException notUtf8) {
            throw new UsageException("--node-config " + file + " is not UTF-8 text");
        } catch (ConfigException.Parse parse) {
            throw new UsageException("--node-config " + file + " is not valid HOCON: " + parse.getMessage());
        } catch (IOException unreadable) {
            throw new UsageException("--node-config " + file + " cannot be read: " + unreadable.getMessage());
        }
    }
}
