package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Hashing;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A deterministic test application: the state root is a running hash over every executed block
 * (height, time, transactions, evidence). Transactions are {@code lane byte || fee (8 bytes) || payload}.
 * Evidence slashes the offender, who leaves the validator set reported for the next epoch.
 */
final class CounterApp implements Application {
    private final int epochLength;
    private Bytes32 root = Hashing.sha256(new byte[] {42});
    private long executedTxs;
    private List<ValidatorInfo> members;
    private final TreeSet<Bytes32> slashed = new TreeSet<>();
    final List<Long> executedHeights = new ArrayList<>();
    int checks;

    CounterApp(List<ValidatorInfo> members, int epochLength) {
        this.members = List.copyOf(members);
        this.epochLength = epochLength;
    }

    static byte[] tx(int lane, long fee, String payload) {
        return new CanonicalWriter().putByte(lane).putLong(fee).putString(payload).toByteArray();
    }

    @Override
    public TxCheck checkTransaction(byte[] tx) {
        checks++;
        if (tx.length < 9) {
            return TxCheck.reject("too short");
        }
        int lane = tx[0];
        if (lane < 0 || lane > 2) {
            return TxCheck.reject("no lane " + lane);
        }
        return TxCheck.accept(lane, new CanonicalReader(tx, 1, 8).getLong());
    }

    @Override
    public ExecutionResult execute(CommittedBlock committed) {
        Block block = committed.block();
        CanonicalWriter writer = new CanonicalWriter().putBytes32(root).putLong(block.height())
                .putLong(block.header().timestampMillis());
        for (byte[] tx : block.transactions()) {
            writer.putBytes32(Block.txHash(tx));
            executedTxs++;
        }
        for (Evidence evidence : block.evidence()) {
            writer.putBytes32(evidence.offender());
            slashed.add(evidence.offender());
        }
        root = Hashing.sha256(writer.toByteArray());
        executedHeights.add(block.height());
        List<ValidatorInfo> next = null;
        if (block.height() % epochLength == epochLength - 1) {
            List<ValidatorInfo> kept = new ArrayList<>();
            for (ValidatorInfo member : members) {
                if (!slashed.contains(member.publicKey())) {
                    kept.add(member);
                }
            }
            members = kept;
            next = kept;
        }
        return new ExecutionResult(root, next);
    }

    @Override
    public byte[] snapshot() {
        CanonicalWriter writer = new CanonicalWriter().putBytes32(root).putLong(executedTxs).putInt(members.size());
        for (ValidatorInfo member : members) {
            writer.putBytes32(member.publicKey()).putLong(member.stake());
        }
        writer.putInt(slashed.size());
        for (Bytes32 key : slashed) {
            writer.putBytes32(key);
        }
        return writer.toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        CanonicalReader reader = new CanonicalReader(snapshot);
        root = reader.getBytes32();
        executedTxs = reader.getLong();
        int count = reader.getInt();
        List<ValidatorInfo> restored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            restored.add(new ValidatorInfo(reader.getBytes32(), reader.getLong()));
        }
        members = restored;
        slashed.clear();
        int slashedCount = reader.getInt();
        for (int i = 0; i < slashedCount; i++) {
            slashed.add(reader.getBytes32());
        }
        reader.expectEnd();
    }

    @Override
    public Bytes32 stateRoot() {
        return root;
    }

    long executedTxs() {
        return executedTxs;
    }

    boolean isSlashed(Bytes32 key) {
        return slashed.contains(key);
    }
}
