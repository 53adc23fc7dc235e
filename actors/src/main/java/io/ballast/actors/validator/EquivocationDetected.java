package io.ballast.actors.validator;

/**
 * A validator hosted on this node found two conflicting signed votes of one validator (published on the node's event
 * stream, beside the warning in the log). Honest validators never produce one, so any of these is a safety alarm: a
 * validator running twice, a corrupted node, or a Byzantine peer.
 *
 * @param offender the equivocating validator's public key (hex)
 */
public record EquivocationDetected(String validatorId, String offender, String voteType, long height, int round) {}
