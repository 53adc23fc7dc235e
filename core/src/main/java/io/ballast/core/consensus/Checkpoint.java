package io.ballast.core.consensus;

import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A verified restart point produced when a validator installs a state snapshot: the application
 * state after {@code height}, the headers before it (leader reputation), and the validator sets of
 * the next two heights. The host persists it (replacing its block store below it) and passes it to
 * {@link Validator#restore} together with the committed blocks above {@code height}.
 */
public record Checkpoint(long height, List<BlockHeader> history, ValidatorSet validators,
                         ValidatorSet nextValidators, byte[] appSnapshot) {
    public Checkpoint {
        history = List.copyOf(history);
        appSnapshot = appSnapshot.clone();
        if (history.isEmpty() || history.get(history.size() - 1).height() != height) {
            throw new IllegalArgumentException("a checkpoint's history ends with its own header");
        }
    }

    public BlockHeader lastHeader() {
        return history.get(history.size() - 1);
    }

    @Override
    public byte[] appSnapshot() {
        return appSnapshot.clone();
    }

    public byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(1024).putLong(height).putInt(history.size());
        for (BlockHeader header : history) {
            header.write(writer);
        }
        validators.write(writer);
        nextValidators.write(writer);
        return writer.putBytes(appSnapshot).toByteArray();
    }

    public static Checkpoint decode(byte[] bytes) {
        CanonicalReader reader = new CanonicalReader(bytes);
        long height = reader.getLong();
        int count = reader.getCount(1_000_000, "header");
        List<BlockHeader> history = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            history.add(BlockHeader.read(reader));
        }
        ValidatorSet validators = ValidatorSet.read(reader);
        ValidatorSet next = ValidatorSet.read(reader);
        byte[] snapshot = reader.getBytes(Integer.MAX_VALUE - 16);
        reader.expectEnd();
        return new Checkpoint(height, history, validators, next, snapshot);
    }
}
