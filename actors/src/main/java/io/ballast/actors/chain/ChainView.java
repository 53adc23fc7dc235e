package io.ballast.actors.chain;

import io.ballast.core.ledger.Genesis;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.OptionMarketView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain-level state right after a block (markets, pool, insurance fund, slashing), small enough to
 * travel with every {@link ExecutedBlock}: status pages and market views read it without touching the
 * follower's ledger.
 *
 * @param slashedAtHeight per genesis validator, the height it was slashed at (0: never)
 * @param optionMarkets   per market with options: vol index, safe mode, guard band and every live series'
 *                        quote and greeks (empty on a perpetual-only chain)
 */
public record ChainView(long height, long timeMillis, String stateRoot, List<MarketView> markets, long poolCashUsd,
                        long poolNavUsd, long poolTotalShares, long insuranceFundUsd, List<Long> slashedAtHeight,
                        List<OptionMarketView> optionMarkets) {
    public ChainView {
        markets = List.copyOf(markets);
        slashedAtHeight = List.copyOf(slashedAtHeight);
        optionMarkets = List.copyOf(optionMarkets);
    }

    static ChainView of(LedgerState state) {
        Genesis genesis = state.genesis();
        List<Long> slashed = new ArrayList<>(genesis.validators().size());
        for (io.ballast.core.ledger.ValidatorInfo validator : genesis.validators()) {
            slashed.add(state.slashedAtHeight(validator.key()));
        }
        return new ChainView(state.height(), state.timeMillis(), state.stateRoot().toHex(), state.marketViews(),
                state.poolCashUsd(), state.poolNav(), state.poolTotalShares(), state.insuranceFundUsd(), slashed,
                state.optionMarketViews());
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
