package io.ballast.actors.chain;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chain follower's restart points in a node-local directory: the ledger state after a height, and where the
 * history it was read from continues (a validator's block log and the journal sequence number after that
 * height's block), so a restarted node resumes there instead of executing the chain again from genesis.
 *
 * <p>A file is trusted only as far as it checks out: a SHA-256 over its content (a torn or damaged file is
 * skipped), the chain it names, and then the chain itself — the first block the follower executes after
 * resuming must carry the restored state's root in its header ({@link BlockExecutor} checks it), otherwise the
 * snapshots are discarded and the follower starts over from genesis. The newest {@link #KEPT} files are kept.
 */
public final class FollowerSnapshots {
    public static final int KEPT = 2;
    private static final String MAGIC = "ballast-follower-snapshot-1";
    private static final String PREFIX = "height-";
    private static final String SUFFIX = ".snapshot";
    private static final int MAX_ID_BYTES = 256;

    /**
     * @param height          the ledger state is the one after this height
     * @param historyFrom     validator whose block log the history was read from
     * @param nextSequenceNr  journal sequence number in that log from which blocks above {@code height} are found
     */
    public record Snapshot(String chainId, long height, String historyFrom, long nextSequenceNr, byte[] ledgerSnapshot) {
        public Snapshot {
            if (height < 1 || nextSequenceNr < 1) {
                throw new IllegalArgumentException("snapshot at height " + height + ", sequence number " + nextSequenceNr);
            }
            ledgerSnapshot = ledgerSnapshot.clone();
        }

        @Override
        public byte[] ledgerSnapshot() {
            return ledgerSnapshot.clone();
        }

        public byte[] encode() {
            byte[] body = new CanonicalWriter(ledgerSnapshot.length + 256).putString(MAGIC).putString(chainId)
                    .putLong(height).putString(historyFrom).putLong(nextSequenceNr).putBytes(ledgerSnapshot).toByteArray();
            return new CanonicalWriter(body.length + 40).putRaw(body).putBytes32(Hashing.sha256(body)).toByteArray();
        }

        public static Snapshot decode(byte[] bytes, int maxLedgerBytes) {
            if (bytes.length < Bytes32.LENGTH) {
                throw new DecodingException("truncated snapshot (" + bytes.length + " bytes)");
            }
            int bodyLength = bytes.length - Bytes32.LENGTH;
            Bytes32 digest = Bytes32.copyOf(bytes, bodyLength);
            if (!Hashing.sha256(bytes, 0, bodyLength).equals(digest)) {
                throw new DecodingException("snapshot digest does not match its content");
            }
            CanonicalReader in = new CanonicalReader(bytes, 0, bodyLength);
            if (!MAGIC.equals(in.getString(64))) {
                throw new DecodingException("not a follower snapshot");
            }
            Snapshot snapshot = new Snapshot(in.getString(MAX_ID_BYTES), in.getLong(), in.getString(MAX_ID_BYTES),
                    in.getLong(), in.getBytes(maxLedgerBytes));
            in.expectEnd();
            return snapshot;
        }
    }

    private final Path dir;
    private final int maxLedgerBytes;

    public FollowerSnapshots(Path dir, int maxLedgerBytes) {
        this.dir = dir;
        this.maxLedgerBytes = maxLedgerBytes;
    }

    public Path dir() {
        return dir;
    }

    /** Writes {@code snapshot} completely under a temporary name, then moves it in place; drops the oldest beyond {@link #KEPT}. */
    public void write(Snapshot snapshot) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(PREFIX + snapshot.height() + SUFFIX);
        Path temp = Files.createTempFile(dir, PREFIX + snapshot.height() + "-", ".tmp");
        Files.write(temp, snapshot.encode());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        List<Path> files = files();
        for (int i = KEPT; i < files.size(); i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /**
     * The newest snapshot of {@code chainId} that decodes, and the files that did not (to report); none when the
     * directory is missing or empty.
     */
    public Loaded newest(String chainId) throws IOException {
        List<String> skipped = new ArrayList<>();
        for (Path file : files()) {
            try {
                Snapshot snapshot = Snapshot.decode(Files.readAllBytes(file), maxLedgerBytes);
                if (snapshot.chainId().equals(chainId)) {
                    return new Loaded(Optional.of(snapshot), skipped);
                }
                skipped.add(file.getFileName() + ": chain " + snapshot.chainId());
            } catch (DecodingException e) {
                skipped.add(file.getFileName() + ": " + e.getMessage());
            }
        }
        return new Loaded(Optional.empty(), skipped);
    }

    public record Loaded(Optional<Snapshot> snapshot, List<String> skipped) {}

    /** Deletes every snapshot (they did not match the chain). */
    public void discard() throws IOException {
        for (Path file : files()) {
            Files.deleteIfExists(file);
        }
    }

    /** The snapshot files, newest (highest height) first. */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> heightOf(p) > 0).sorted(Comparator.comparingLong(FollowerSnapshots::heightOf).reversed())
                    .toList();
        }
    }

    private static long heightOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
