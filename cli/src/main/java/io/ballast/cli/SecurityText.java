package io.ballast.cli;

import io.ballast.api.model.StatusView;
import io.ballast.api.model.ValidatorView;
import io.ballast.core.ledger.Units;
import java.io.PrintStream;
import java.util.List;

/** The cost of corruption and the validator table as {@code status} and {@code validators} print them. */
final class SecurityText {
    private SecurityText() {}

    /** The stake line of the current set, the security lines, and a WARNING line when the ratio is below 1. */
    static void print(StatusView status, PrintStream out) {
        StatusView.Stake stake = status.stake();
        StatusView.Security security = status.security();
        // with staking, voting weight is micro-USD of bonded power; without, a plain weight
        java.util.function.LongFunction<String> weight = security.staking() ? micro -> Units.formatUsd(micro) + " USD"
                : Long::toString;
        out.printf("stake of the set certifying height %d: online %s of %s (%d of %d validators); commits need %s:"
                        + " %s more can fail%n", status.height(), weight.apply(stake.onlineStake()),
                weight.apply(stake.totalStake()), stake.onlineValidators(), stake.validators(),
                weight.apply(stake.quorumStake()), weight.apply(Math.max(0, stake.tolerableFailureStake())));
        if (security.staking()) {
            out.printf("security: %s USD bonded by %d validators; halting commits takes %s USD, a fork %s USD and burns"
                            + " at least %s USD%n", security.totalPowerUsd(), security.validators(),
                    security.stakeToHaltUsd(), security.stakeToForkUsd(), security.slashableOnForkUsd());
        } else {
            out.printf("security: no bonded stake (the genesis has no staking): a fork burns nothing%n");
        }
        out.printf("security: collateral at risk %s USD; corruption cost ratio %s (burnt on a fork / at risk)%n",
                security.collateralAtRiskUsd(), security.corruptionCostRatio() == null ? "- (nothing at risk)"
                        : security.corruptionCostRatio());
        if (security.warning()) {
            out.printf("WARNING: corruption cost ratio %s is below 1: a fork could gain more than the %s USD it burns%n",
                    security.corruptionCostRatio(), security.slashableOnForkUsd());
        }
    }

    /** One row per validator: the certifying set first (by index), then bonded validators outside it. */
    static Table table(List<ValidatorView> validators) {
        Table table = new Table("#", "id", "key", "active", "online", "bond USD", "power USD", "unbonding USD", "jailed",
                "slashed USD", "uptime", "rewards USD");
        for (ValidatorView v : validators) {
            String jailed = v.jailed() ? "until " + v.jailedUntilHeight() : "-";
            String slashed = v.slashed() ? v.slashedUsd() + " (ejected at " + v.slashedAtHeight() + ")" : v.slashedUsd();
            String uptime = v.uptime() == null ? "-" : v.uptime() + " (" + v.signedCommits() + "/" + v.uptimeWindowCommits() + ")";
            table.row(v.index() < 0 ? "-" : v.index(), v.id(), v.publicKey().substring(0, 16), v.active() ? "yes" : "no",
                    v.online() ? "yes" : "no", v.bondUsd(), v.powerUsd(), v.unbondingUsd(), jailed, slashed, uptime,
                    v.rewardsUsd());
        }
        return table;
    }
}
