package io.ballast.api.model;

/**
 * A block header. {@code encoded} is the canonical encoding (hex) whose hash the commit certificate signs;
 * verifiers decode it instead of trusting the other fields.
 *
 * @param stateRoot the state root after height − 1
 */
public record HeaderView(long height, long epoch, long timeMillis, int proposer, String hash, String parentHash,
                         String stateRoot, String txRoot, String validatorSetHash, String encoded) {}
