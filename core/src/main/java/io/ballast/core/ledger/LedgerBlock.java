package io.ballast.core.ledger;

import io.ballast.core.ledger.tx.SignedTransaction;
import java.util.List;

/**
 * A committed block as the ledger sees it. All time comes from here.
 *
 * @param height                 must be the state's height + 1
 * @param timeMillis             consensus time (validators' median); must not go backwards
 * @param congestionPpm          the block's share of pending transactions (0..1_000_000); widens liquidation slippage
 * @param recentFinalityMillis   chain-derived recent time to finality; widens the quoted spread
 * @param equivocations          consensus evidence in this block: each offender is slashed (with staking) and ejected
 * @param lastCommit             who precommitted the previous block (downtime and rewards, with staking)
 */
public record LedgerBlock(long height, long timeMillis, long congestionPpm, long recentFinalityMillis,
                          List<SignedTransaction> transactions, List<Equivocation> equivocations, LastCommit lastCommit) {
    public static final int MAX_EQUIVOCATIONS_PER_BLOCK = 1_000;

    public LedgerBlock(long height, long timeMillis, long congestionPpm, long recentFinalityMillis,
                       List<SignedTransaction> transactions) {
        this(height, timeMillis, congestionPpm, recentFinalityMillis, transactions, List.of(), LastCommit.NONE);
    }

    public LedgerBlock {
        transactions = List.copyOf(transactions);
        equivocations = List.copyOf(equivocations);
        if (equivocations.size() > MAX_EQUIVOCATIONS_PER_BLOCK) {
            throw new IllegalArgumentException(equivocations.size() + " equivocations exceed " + MAX_EQUIVOCATIONS_PER_BLOCK);
        }
        if (lastCommit == null || (lastCommit.present() && lastCommit.height() != height - 1)) {
            throw new IllegalArgumentException("the last commit must certify height " + (height - 1));
        }
        if (congestionPpm < 0 || congestionPpm > Units.PPM) {
            throw new IllegalArgumentException("congestionPpm outside 0..1_000_000: " + congestionPpm);
        }
        if (recentFinalityMillis < 0 || recentFinalityMillis > 86_400_000L) {
            throw new IllegalArgumentException("recentFinalityMillis outside 0..1 day: " + recentFinalityMillis);
        }
    }

    public static LedgerBlock of(long height, long timeMillis, List<SignedTransaction> transactions) {
        return new LedgerBlock(height, timeMillis, 0, 0, transactions);
    }
}
