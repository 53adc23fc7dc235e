package io.ballast.actors.chain;

import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.OptionMarketView;
import io.ballast.core.ledger.SecurityView;
import io.ballast.core.ledger.StakeView;
import io.ballast.core.ledger.ValidatorInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain-level state right after a block (markets, pool, insurance fund, validators, the cost of corruption),
 * small enough to travel with every {@link ExecutedBlock}: status pages, validator and market views read it without
 * touching the follower's ledger.
 *
 * @param optionMarkets per market with options: vol index, safe mode, guard band and every live series'
 *                      quote and greeks (empty on a perpetual-only chain)
 * @param certifying    the validator set whose precommits certify this block, in consensus order (a certificate's
 *                      signer indexes point into it): with staking, the bonded powers of the current epoch's set
 * @param stakes        every validator the ledger knows (bond, power, jail, slashes, rewards, downtime window)
 * @param security      the cost of corrupting consensus against the collateral at risk, from {@code certifying}
 */
public record ChainView(long height, long timeMillis, String stateRoot, List<MarketView> markets, long poolCashUsd,
                        long poolNavUsd, long poolTotalShares, long insuranceFundUsd, List<OptionMarketView> optionMarkets,
                        List<ValidatorInfo> certifying, List<StakeView> stakes, SecurityView security) {
    public ChainView {
        markets = List.copyOf(markets);
        optionMarkets = List.copyOf(optionMarkets);
        certifying = List.copyOf(certifying);
        stakes = List.copyOf(stakes);
        java.util.Objects.requireNonNull(security, "security");
    }

    /** Reads everything from {@code state} (on the thread that owns it). */
    public static ChainView of(LedgerState state) {
        return new ChainView(state.height(), state.timeMillis(), state.stateRoot().toHex(), state.marketViews(),
                state.poolCashUsd(), state.poolNav(), state.poolTotalShares(), state.insuranceFundUsd(),
                state.optionMarketViews(), state.certifyingValidators(), state.stakeViews(), state.securityView());
    }

    /** The ledger's view of {@code key}'s stake, if it knows the validator. */
    public java.util.Optional<StakeView> stake(io.ballast.core.crypto.Bytes32 key) {
        return stakes.stream().filter(view -> view.key().equals(key)).findFirst();
    }

    /** Each market's index price (micro-USD; 0 if never fresh). */
    public Map<String, Long> indexPricesUsd() {
        Map<String, Long> prices = new TreeMap<>();
        for (MarketView market : markets) {
            prices.put(market.id(), market.indexPriceUsd());
        }
        return prices;
    }
}
