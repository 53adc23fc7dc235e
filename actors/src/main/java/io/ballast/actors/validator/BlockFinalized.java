package io.ballast.actors.validator;

import io.ballast.persistence.CborSerializable;

/**
 * A validator's announcement that it committed and executed a block (published once the block is durable),
 * on its node's event stream and on the cluster-wide {@link BlockFeed}. A few dozen bytes: followers fetch
 * the block itself from a validator ({@link ValidatorEntity.GetBlock}) and execute it; what readers need
 * comes from the node's chain follower, not from here.
 *
 * @param blockTimeMillis the block's BFT time (median of the precommits that committed its parent)
 * @param stateRoot       the root after the block (hex): followers compare theirs with it
 * @param proposer        index (in the validator set) of the block's proposer
 * @param journalSequenceNr where the block is in the announcing validator's journal ({@link BlockLog}): a
 *                          follower resumes reading that log after it instead of from the start
 */
public record BlockFinalized(String validatorId, long height, long blockTimeMillis, String stateRoot, int proposer,
                             long journalSequenceNr) implements CborSerializable {}
