package io.ballast.api;

import io.ballast.actors.chain.ChainView;
import io.ballast.api.model.StatusView;
import io.ballast.api.model.ValidatorView;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.SecurityView;
import io.ballast.core.ledger.StakeView;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.ValidatorInfo;
import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The validator set as the API shows it: the set certifying the latest block and every bonded validator (from the
 * ledger's state at that block, as the chain view carries it), with what this node saw of recent certificates; the
 * stake summary and the cost of corruption of {@code GET /v1/status}. Pure mapping.
 */
final class ValidatorViews {
    private ValidatorViews() {}

    /**
     * What the chain index saw of one validator in recent certificates.
     *
     * @param windowCommits certificates of the uptime window signed by a set it was in
     * @param signedCommits of those, the ones that carry its precommit
     */
    record Activity(long lastVoteHeight, long lastVoteMillis, boolean online, int failedProposals, long windowCommits,
                    long signedCommits) {
        static final Activity NONE = new Activity(0, 0, false, 0, 0, 0);

        Activity {
            if (signedCommits < 0 || signedCommits > windowCommits) {
                throw new IllegalArgumentException("signed " + signedCommits + " of " + windowCommits + " commits");
            }
        }
    }

    /**
     * The members of the certifying set in consensus order (their certificate index), then the validators the ledger
     * knows outside it (bonded, unbonding, jailed, ejected), in the ledger's slot order.
     *
     * @param staking  the genesis bonds stake (else bonds and powers are weights, shown as "0" USD)
     * @param ids      a validator's name on this node
     * @param activity what recent certificates showed of a validator
     */
    static List<ValidatorView> validators(ChainView chain, boolean staking, Function<Bytes32, String> ids,
                                          Function<Bytes32, Activity> activity) {
        List<ValidatorView> views = new ArrayList<>(chain.stakes().size() + chain.certifying().size());
        Set<Bytes32> listed = new HashSet<>();
        for (int i = 0; i < chain.certifying().size(); i++) {
            ValidatorInfo member = chain.certifying().get(i);
            listed.add(member.key());
            views.add(view(i, member.key(), member.stake(), chain.stake(member.key()), staking, ids, activity));
        }
        for (StakeView stake : chain.stakes()) {
            if (listed.add(stake.key())) {
                views.add(view(-1, stake.key(), 0, Optional.of(stake), staking, ids, activity));
            }
        }
        return views;
    }

    private static ValidatorView view(int index, Bytes32 key, long weight, Optional<StakeView> ledger, boolean staking,
                                      Function<Bytes32, String> ids, Function<Bytes32, Activity> activity) {
        Activity seen = activity.apply(key);
        StakeView stake = ledger.orElse(new StakeView(key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        String uptime = seen.windowCommits() == 0 ? null
                : Fixed.formatDecimal(Fixed.mulDiv(seen.signedCommits(), 10_000, seen.windowCommits()), 4);
        return new ValidatorView(index, ids.apply(key), key.toHex(), weight, index >= 0, seen.online(),
                seen.lastVoteHeight(), seen.lastVoteMillis(), seen.failedProposals(), stake.slashedAtHeight() > 0,
                stake.slashedAtHeight(), usd(staking, stake.bondUsd()), usd(staking, stake.unbondingUsd()),
                usd(staking, stake.powerUsd()), stake.jailedUntilHeight() > 0, stake.jailedUntilHeight(),
                Units.formatUsd(stake.slashedUsd()), Units.formatUsd(stake.rewardsUsd()), seen.windowCommits(),
                seen.signedCommits(), uptime);
    }

    private static String usd(boolean staking, long amountUsd) {
        return staking ? Units.formatUsd(amountUsd) : "0";
    }

    /**
     * Stake of the set certifying the latest block: consensus needs more than two thirds of its total weight; an
     * ejected member still counts in the total (consensus keeps it until the next epoch) but never as online.
     */
    static StatusView.Stake stake(List<ValidatorView> validators) {
        long total = 0;
        long online = 0;
        int onlineCount = 0;
        int members = 0;
        for (ValidatorView validator : validators) {
            if (!validator.active()) {
                continue;
            }
            members++;
            total = Math.addExact(total, validator.stake());
            if (validator.online() && !validator.slashed()) {
                online = Math.addExact(online, validator.stake());
                onlineCount++;
            }
        }
        long quorum = Math.multiplyExact(total, 2) / 3 + 1;
        return new StatusView.Stake(total, online, quorum, online - quorum, onlineCount, members);
    }

    /** The cost of corruption with amounts as USD decimals and the ratio with 6 decimals (null: nothing at risk). */
    static StatusView.Security security(boolean staking, SecurityView view) {
        String ratio = view.collateralAtRiskUsd() == 0 ? null : Fixed.formatDecimal(view.corruptionCostRatioPpm(), 6);
        return new StatusView.Security(staking, view.validators(), Units.formatUsd(view.totalPowerUsd()),
                Units.formatUsd(view.stakeToHaltUsd()), Units.formatUsd(view.stakeToForkUsd()),
                Units.formatUsd(view.slashableOnForkUsd()), Units.formatUsd(view.collateralAtRiskUsd()), ratio,
                view.warning());
    }
}
