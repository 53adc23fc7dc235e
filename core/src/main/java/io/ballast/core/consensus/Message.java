package io.ballast.core.consensus;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Ed25519;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.crypto.Signature;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything validators send each other. All are signed with the sender's Ed25519 key over the
 * chain id and the body; {@link Vote}s and {@link Proposal}s carry their own signatures (a vote's
 * must survive inside certificates) and name the signer by index in the epoch's set; the rest
 * name the sender by public key and sign the whole body (requests may come from validators of an
 * older epoch; responses are self-verifying through their certificates anyway). The host transports the bytes of
 * {@link #encode()} and hands received bytes to {@link Event.Received}; it need not look inside.
 */
public sealed interface Message permits Vote, Message.Proposal, Message.TxGossip, Message.SyncRequest,
        Message.SyncResponse, Message.SnapshotRequest, Message.SnapshotResponse {

    byte KIND_PROPOSAL = 1;
    byte KIND_VOTE = 2;
    byte KIND_TX_GOSSIP = 3;
    byte KIND_SYNC_REQUEST = 4;
    byte KIND_SYNC_RESPONSE = 5;
    byte KIND_SNAPSHOT_REQUEST = 6;
    byte KIND_SNAPSHOT_RESPONSE = 7;
    byte TAG_SIGN_PROPOSAL = 0x20;
    byte TAG_SIGN_MESSAGE = 0x22;

    default byte[] encode() {
        CanonicalWriter writer = new CanonicalWriter(256);
        Codec.write(this, writer);
        return writer.toByteArray();
    }

    /** Decodes one message within {@code config}'s limits; throws {@link DecodingException} on anything malformed. */
    static Message decode(byte[] bytes, ConsensusConfig config) {
        if (bytes.length > config.maxMessageBytes() + config.maxSnapshotBytes()) {
            throw new DecodingException("message of " + bytes.length + " bytes exceeds the limit");
        }
        CanonicalReader reader = new CanonicalReader(bytes);
        Message message = Codec.read(reader, config);
        reader.expectEnd();
        if (!(message instanceof SnapshotResponse) && bytes.length > config.maxMessageBytes()) {
            throw new DecodingException("message of " + bytes.length + " bytes exceeds the limit");
        }
        return message;
    }

    /** The leader's proposal of {@code block} for (height, round); {@code validRound} ≥ 0 re-proposes a block that had a polka then. */
    record Proposal(long height, int round, int validRound, Block block, int sender, Signature signature)
            implements Message {
        public static Proposal sign(KeyPair keys, Bytes32 chainId, long height, int round, int validRound, Block block,
                                    int sender) {
            return new Proposal(height, round, validRound, block, sender,
                    Ed25519.sign(keys, signingBytes(chainId, height, round, validRound, block.hash())));
        }

        static byte[] signingBytes(Bytes32 chainId, long height, int round, int validRound, Bytes32 blockHash) {
            return new CanonicalWriter(96).putByte(TAG_SIGN_PROPOSAL).putBytes32(chainId).putLong(height)
                    .putInt(round).putInt(validRound).putBytes32(blockHash).toByteArray();
        }

        public boolean verify(ValidatorSet set, Bytes32 chainId) {
            return set.contains(sender) && Ed25519.verify(set.member(sender).publicKey(),
                    signingBytes(chainId, height, round, validRound, block.hash()), signature);
        }
    }

    /** Transactions the sender admitted to its mempool, pushed to every validator. */
    /**
     * Transactions a validator admitted, relayed to the others. Not signed: every transaction carries its
     * client's signature and is verified on admission, so an envelope signature would prove nothing more
     * and cost one verification per batch and peer (the largest share of a devnet's verifications). The
     * sender is informational; peers are authenticated by the transport.
     */
    record TxGossip(List<byte[]> transactions, Bytes32 sender) implements Message {
        public TxGossip {
            transactions = List.copyOf(transactions);
        }
    }

    /** "Send me committed blocks from {@code fromHeight}." */
    record SyncRequest(long fromHeight, Bytes32 sender, Signature signature) implements Message {}

    /** Committed blocks with certificates, ascending; {@code tipHeight} is the responder's last committed height. */
    record SyncResponse(long tipHeight, long oldestAvailable, List<CommittedBlock> blocks, Bytes32 sender,
                        Signature signature) implements Message {
        public SyncResponse {
            blocks = List.copyOf(blocks);
        }
    }

    /** "Send me your latest certified snapshot." */
    record SnapshotRequest(long knownHeight, Bytes32 sender, Signature signature) implements Message {}

    /**
     * Application state after {@code snapshotHeight}, attested by the certified next block whose
     * header carries that state root. {@code history} are the headers up to {@code snapshotHeight}
     * (hash-chained to {@code attesting}) for leader reputation; {@code epochProofs} carry trust
     * across validator-set changes; {@code nextValidators} is the set after {@code attesting}.
     */
    record SnapshotResponse(long snapshotHeight, byte[] snapshot, List<BlockHeader> history, CommittedBlock attesting,
                            ValidatorSet nextValidators, List<EpochProof> epochProofs, Bytes32 sender,
                            Signature signature) implements Message {
        public SnapshotResponse {
            history = List.copyOf(history);
            epochProofs = List.copyOf(epochProofs);
        }
    }

    /**
     * The certified last header of an epoch and the set that follows it; {@code header.nextValidatorSetHash}
     * binds the old set's signatures to the new set.
     */
    record EpochProof(BlockHeader header, CommitCertificate certificate, ValidatorSet next) {}

    /** Encoding and envelope signatures. */
    final class Codec {
        private Codec() {}

        static void write(Message message, CanonicalWriter writer) {
            writeBody(message, writer);
            if (!(message instanceof Vote) && !(message instanceof Proposal) && !(message instanceof TxGossip)) {
                writer.putSignature(envelopeSignature(message));
            }
        }

        private static Signature envelopeSignature(Message message) {
            if (message instanceof SyncRequest m) {
                return m.signature();
            } else if (message instanceof SyncResponse m) {
                return m.signature();
            } else if (message instanceof SnapshotRequest m) {
                return m.signature();
            } else if (message instanceof SnapshotResponse m) {
                return m.signature();
            }
            throw new IllegalStateException("not an envelope-signed message");
        }

        /** Everything except an envelope signature. */
        static void writeBody(Message message, CanonicalWriter writer) {
            if (message instanceof Proposal m) {
                writer.putByte(KIND_PROPOSAL).putLong(m.height()).putInt(m.round()).putInt(m.validRound())
                        .putInt(m.sender()).putSignature(m.signature());
                m.block().write(writer);
            } else if (message instanceof Vote m) {
                writer.putByte(KIND_VOTE);
                m.write(writer);
            } else if (message instanceof TxGossip m) {
                writer.putByte(KIND_TX_GOSSIP).putBytes32(m.sender()).putInt(m.transactions().size());
                for (byte[] tx : m.transactions()) {
                    writer.putBytes(tx);
                }
            } else if (message instanceof SyncRequest m) {
                writer.putByte(KIND_SYNC_REQUEST).putBytes32(m.sender()).putLong(m.fromHeight());
            } else if (message instanceof SyncResponse m) {
                writer.putByte(KIND_SYNC_RESPONSE).putBytes32(m.sender()).putLong(m.tipHeight())
                        .putLong(m.oldestAvailable()).putInt(m.blocks().size());
                for (CommittedBlock block : m.blocks()) {
                    block.write(writer);
                }
            } else if (message instanceof SnapshotRequest m) {
                writer.putByte(KIND_SNAPSHOT_REQUEST).putBytes32(m.sender()).putLong(m.knownHeight());
            } else if (message instanceof SnapshotResponse m) {
                writer.putByte(KIND_SNAPSHOT_RESPONSE).putBytes32(m.sender()).putLong(m.snapshotHeight())
                        .putBytes(m.snapshot()).putInt(m.history().size());
                for (BlockHeader header : m.history()) {
                    header.write(writer);
                }
                m.attesting().write(writer);
                m.nextValidators().write(writer);
                writer.putInt(m.epochProofs().size());
                for (EpochProof proof : m.epochProofs()) {
                    proof.header().write(writer);
                    proof.certificate().write(writer);
                    proof.next().write(writer);
                }
            } else {
                throw new IllegalStateException("unknown message " + message.getClass());
            }
        }

        static byte[] envelopeSigningBytes(Bytes32 chainId, Message message) {
            CanonicalWriter writer = new CanonicalWriter(256).putByte(TAG_SIGN_MESSAGE).putBytes32(chainId);
            writeBody(message, writer);
            return writer.toByteArray();
        }

        /** True when the envelope signature is valid for the sender key the message names. */
        static boolean verifyEnvelope(Message message, Bytes32 chainId) {
            return Ed25519.verify(envelopeSender(message), envelopeSigningBytes(chainId, message),
                    envelopeSignature(message));
        }

        static Bytes32 envelopeSender(Message message) {
            if (message instanceof SyncRequest m) {
                return m.sender();
            } else if (message instanceof SyncResponse m) {
                return m.sender();
            } else if (message instanceof SnapshotRequest m) {
                return m.sender();
            } else if (message instanceof SnapshotResponse m) {
                return m.sender();
            }
            throw new IllegalStateException("not an envelope-signed message");
        }

        private static final Signature UNSIGNED = Signature.wrap(new byte[Signature.LENGTH]);

        static TxGossip txGossip(Bytes32 sender, List<byte[]> txs) {
            return new TxGossip(txs, sender);
        }

        static SyncRequest syncRequest(KeyPair keys, Bytes32 chainId, long fromHeight) {
            Bytes32 sender = keys.publicKey();
            return new SyncRequest(fromHeight, sender, sign(keys, chainId, new SyncRequest(fromHeight, sender, UNSIGNED)));
        }

        static SyncResponse syncResponse(KeyPair keys, Bytes32 chainId, long tip, long oldest,
                                         List<CommittedBlock> blocks) {
            Bytes32 sender = keys.publicKey();
            return new SyncResponse(tip, oldest, blocks, sender,
                    sign(keys, chainId, new SyncResponse(tip, oldest, blocks, sender, UNSIGNED)));
        }

        static SnapshotRequest snapshotRequest(KeyPair keys, Bytes32 chainId, long knownHeight) {
            Bytes32 sender = keys.publicKey();
            return new SnapshotRequest(knownHeight, sender,
                    sign(keys, chainId, new SnapshotRequest(knownHeight, sender, UNSIGNED)));
        }

        static SnapshotResponse snapshotResponse(KeyPair keys, Bytes32 chainId, long height, byte[] snapshot,
                                                 List<BlockHeader> history, CommittedBlock attesting,
                                                 ValidatorSet next, List<EpochProof> proofs) {
            Bytes32 sender = keys.publicKey();
            SnapshotResponse unsigned = new SnapshotResponse(height, snapshot, history, attesting, next, proofs, sender,
                    UNSIGNED);
            return new SnapshotResponse(height, snapshot, history, attesting, next, proofs, sender,
                    sign(keys, chainId, unsigned));
        }

        private static Signature sign(KeyPair keys, Bytes32 chainId, Message unsigned) {
            return Ed25519.sign(keys, envelopeSigningBytes(chainId, unsigned));
        }

        static Message read(CanonicalReader reader, ConsensusConfig config) {
            int kind = reader.getByte();
            return switch (kind) {
                case KIND_PROPOSAL -> {
                    long height = reader.getLong();
                    int round = reader.getInt();
                    int validRound = reader.getInt();
                    int sender = reader.getInt();
                    Signature signature = reader.getSignature();
                    if (height < 1 || round < 0 || validRound < -1 || validRound >= round) {
                        throw new DecodingException("proposal height/round out of range");
                    }
                    Block block = readBlock(reader, config);
                    yield new Proposal(height, round, validRound, block, sender, signature);
                }
                case KIND_VOTE -> Vote.read(reader);
                case KIND_TX_GOSSIP -> {
                    Bytes32 sender = reader.getBytes32();
                    int count = reader.getCount(config.maxBlockTxs() + 1_000, "gossiped transaction");
                    List<byte[]> txs = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        txs.add(reader.getBytes(config.maxTxBytes()));
                    }
                    yield new TxGossip(txs, sender);
                }
                case KIND_SYNC_REQUEST -> {
                    Bytes32 sender = reader.getBytes32();
                    yield new SyncRequest(reader.getLong(), sender, reader.getSignature());
                }
                case KIND_SYNC_RESPONSE -> {
                    Bytes32 sender = reader.getBytes32();
                    long tip = reader.getLong();
                    long oldest = reader.getLong();
                    int count = reader.getCount(config.syncBatchBlocks(), "synced block");
                    List<CommittedBlock> blocks = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        blocks.add(new CommittedBlock(readBlock(reader, config), CommitCertificate.read(reader)));
                    }
                    yield new SyncResponse(tip, oldest, blocks, sender, reader.getSignature());
                }
                case KIND_SNAPSHOT_REQUEST -> {
                    Bytes32 sender = reader.getBytes32();
                    yield new SnapshotRequest(reader.getLong(), sender, reader.getSignature());
                }
                case KIND_SNAPSHOT_RESPONSE -> readSnapshotResponse(reader, config);
                default -> throw new DecodingException("unknown message kind " + kind);
            };
        }

        private static SnapshotResponse readSnapshotResponse(CanonicalReader reader, ConsensusConfig config) {
            Bytes32 sender = reader.getBytes32();
            long height = reader.getLong();
            byte[] snapshot = reader.getBytes(config.maxSnapshotBytes());
            int historyCount = reader.getCount(Math.max(1, config.reputationWindowBlocks()), "history header");
            List<BlockHeader> history = new ArrayList<>(historyCount);
            for (int i = 0; i < historyCount; i++) {
                history.add(BlockHeader.read(reader));
            }
            CommittedBlock attesting = new CommittedBlock(readBlock(reader, config), CommitCertificate.read(reader));
            ValidatorSet next = ValidatorSet.read(reader);
            int proofCount = reader.getCount(MAX_EPOCH_PROOFS, "epoch proof");
            List<EpochProof> proofs = new ArrayList<>(proofCount);
            for (int i = 0; i < proofCount; i++) {
                proofs.add(new EpochProof(BlockHeader.read(reader), CommitCertificate.read(reader),
                        ValidatorSet.read(reader)));
            }
            return new SnapshotResponse(height, snapshot, history, attesting, next, proofs, sender,
                    reader.getSignature());
        }

        static final int MAX_EPOCH_PROOFS = 64;

        private static Block readBlock(CanonicalReader reader, ConsensusConfig config) {
            return Block.read(reader, config.maxBlockTxs(), config.maxTxBytes(), config.maxBlockEvidence());
        }
    }
}
