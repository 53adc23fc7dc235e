package io.ballast.core.ledger;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.MerkleTree;
import io.ballast.core.encoding.CanonicalReader;
import io.ballast.core.encoding.CanonicalWriter;
import io.ballast.core.encoding.DecodingException;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.core.math.Fixed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole clearing state: accounts, markets (with oracle reports), the pool, the insurance fund
 * and the chain globals. Mutated in place by {@link Ledger#apply} (not thread-safe; copy with
 * {@link #copy()} or {@link #snapshot()}/{@link #restore} to branch).
 *
 * <p>State root: a {@link MerkleTree} whose leaves are, in order, the configuration (the genesis
 * encoding), the globals, one leaf per market (genesis order), then one leaf per account in creation
 * order. Only leaves touched since the last root are re-encoded and rehashed.
 */
public final class LedgerState {
    static final int CONFIG_LEAF = 0;
    static final int GLOBALS_LEAF = 1;
    static final int FIRST_MARKET_LEAF = 2;
    private static final String SNAPSHOT_MAGIC = "ballast/ledger-state/v1";

    final Genesis genesis;
    final MarketState[] markets;
    private final Map<String, Integer> marketOrdinals = new HashMap<>();
    private final Map<Bytes32, Integer> operatorOrdinals = new HashMap<>();
    private final Map<Bytes32, Account> accountsByKey = new HashMap<>();
    /** Every validator: bonds, unbondings, voting power, ejections (part of the globals leaf). */
    final ValidatorRegistry validators;
    final List<Account> accounts = new ArrayList<>();
    private final List<Account> dirtyAccounts = new ArrayList<>();
    private final MerkleTree tree = new MerkleTree();
    final Margin margin = new Margin();

    long height;
    long timeMillis;
    long authorityNonce;
    long poolCashUsd;
    long poolTotalShares;
    long insuranceFundUsd;
    /** Deposits − withdrawals, plus the genesis insurance fund and pool liquidity. */
    long netDepositsUsd;
    /** Running Σ collateral, kept by {@link #setCollateral} so the conservation check is O(1). */
    long totalCollateralUsd;
    private boolean globalsDirty = true;

    /** The consensus chain id (votes are signed over it), derived from the genesis on first use; not part of the state. */
    private Bytes32 consensusChainId;

    /** Per-block context, not part of the state. */
    long blockCongestionPpm;
    long blockFinalityMillis;

    // ---- options (empty without)
    final boolean optionsEnabled;
    /** The number the next listed series gets (hashed with the globals on chains with options). */
    int nextSeriesNumber;
    private final Map<String, SeriesState> seriesById = new HashMap<>();
    private final Map<Integer, SeriesState> seriesByNumber = new HashMap<>();
    private int liveSeries;

    private LedgerState(Genesis genesis) {
        this.genesis = genesis;
        this.markets = new MarketState[genesis.markets().size()];
        this.validators = new ValidatorRegistry(genesis);
        int operators = genesis.oracleOperators().size();
        for (int i = 0; i < operators; i++) {
            operatorOrdinals.put(genesis.oracleOperators().get(i), i);
        }
        this.optionsEnabled = genesis.options().enabled();
        for (int m = 0; m < markets.length; m++) {
            MarketParams params = genesis.markets().get(m);
            OptionMarketParams optionParams = null;
            for (OptionMarketParams p : genesis.options().markets()) {
                if (p.marketId().equals(params.id())) {
                    optionParams = p;
                }
            }
            markets[m] = new MarketState(m, params, operators, optionParams);
            marketOrdinals.put(params.id(), m);
        }
        tree.append(MerkleTree.leafHash(genesis.encode()));
        tree.append(Bytes32.ZERO);
        for (MarketState market : markets) {
            tree.append(Bytes32.ZERO);
            market.dirty = true;
        }
    }

    /** The state before block 1: funds from genesis, every operator's report seeded with the initial index. */
    public static LedgerState fromGenesis(Genesis genesis) {
        LedgerState state = new LedgerState(genesis);
        state.timeMillis = genesis.genesisTimeMillis();
        state.insuranceFundUsd = genesis.insuranceFundUsd();
        state.poolCashUsd = genesis.poolLiquidityUsd();
        state.poolTotalShares = genesis.poolLiquidityUsd();
        state.netDepositsUsd = Math.addExact(genesis.insuranceFundUsd(), genesis.poolLiquidityUsd());
        for (MarketState market : state.markets) {
            market.lastFundingTimeMillis = genesis.genesisTimeMillis();
            if (market.params.initialIndexPriceUsd() > 0) {
                java.util.Arrays.fill(market.reportPriceUsd, market.params.initialIndexPriceUsd());
                java.util.Arrays.fill(market.reportTimeMillis, genesis.genesisTimeMillis());
            }
            market.evaluateIndex(state.timeMillis);
            market.updateVolatilitySpread(state.timeMillis, 0);
            if (market.hasOptions()) {
                if (market.optionParams.initialVolPpm() > 0) {
                    java.util.Arrays.fill(market.volReportPpm, market.optionParams.initialVolPpm());
                    java.util.Arrays.fill(market.volReportTimeMillis, genesis.genesisTimeMillis());
                }
                market.evaluateVolIndex(state.timeMillis);
                market.updateGuardBand(state.timeMillis, 0);
            }
        }
        for (OptionSeriesSpec spec : genesis.options().series()) {
            state.addSeries(spec);
        }
        return state;
    }

    // ---------------------------------------------------------------- lookups for the handlers

    Account account(Bytes32 key) {
        return accountsByKey.get(key);
    }

    /** -1 when unknown. */
    int marketOrdinal(String id) {
        Integer ordinal = marketOrdinals.get(id);
        return ordinal == null ? -1 : ordinal;
    }

    /** -1 when the key is not an oracle operator. */
    int operatorOrdinal(Bytes32 key) {
        Integer ordinal = operatorOrdinals.get(key);
        return ordinal == null ? -1 : ordinal;
    }

    Account createAccount(Bytes32 key) {
        if (accounts.size() >= genesis.limits().maxAccounts()) {
            throw new IllegalStateException("account limit checked by the caller");
        }
        Account account = new Account(key, accounts.size(), markets.length, genesis.options().maxOptionPositionsPerAccount());
        accounts.add(account);
        accountsByKey.put(key, account);
        tree.append(Bytes32.ZERO);
        markDirty(account);
        globalsDirty = true;
        return account;
    }

    void markDirty(Account account) {
        if (!account.dirty) {
            account.dirty = true;
            dirtyAccounts.add(account);
        }
    }

    void markGlobalsDirty() {
        globalsDirty = true;
    }

    /** Every collateral change goes through here, keeping the running total. */
    void setCollateral(Account account, long newCollateralUsd) {
        totalCollateralUsd = Math.addExact(totalCollateralUsd, Math.subtractExact(newCollateralUsd, account.collateralUsd));
        account.collateralUsd = newCollateralUsd;
        markDirty(account);
        globalsDirty = true;
    }

    void setPoolCash(long value) {
        poolCashUsd = value;
        globalsDirty = true;
    }

    void setInsuranceFund(long value) {
        if (value < 0) {
            throw new IllegalStateException("insurance fund negative: " + value);
        }
        insuranceFundUsd = value;
        globalsDirty = true;
    }

    /** Pending funding an open position owes (positive) or is owed, rounded in the pool's favour. */
    static long pendingFundingUsd(long sizeE8, long cumulativeE12, long entryE12) {
        if (sizeE8 == 0) {
            return 0;
        }
        return Fixed.mulDivCeil(sizeE8, Math.subtractExact(cumulativeE12, entryE12), Units.SIZE_SCALE * Units.FUNDING_INDEX_SCALE);
    }

    /**
     * Pool NAV = cash − traders' unrealized perpetual PnL at the index − the value of traders' net
     * option positions at their marks (premiums already moved cash; aggregate form: pending funding excluded).
     */
    long poolNavUsd() {
        long nav = poolCashUsd;
        for (MarketState market : markets) {
            long traderPnl = Math.subtractExact(Fixed.mulDiv(market.netSkewE8(), market.indexPriceUsd, Units.SIZE_SCALE), market.sumBasisUsd);
            nav = Math.subtractExact(nav, traderPnl);
            for (SeriesState series : market.series) {
                long mark = series.markUsd(timeMillis, optionRatePpm());
                nav = Math.subtractExact(nav, Fixed.mulDiv(series.netSizeE8(), mark, Units.SIZE_SCALE));
            }
        }
        return nav;
    }

    long optionRatePpm() {
        return genesis.options().ratePpm();
    }

    // ---------------------------------------------------------------- option series

    /** The live series with this id, or null. */
    SeriesState series(String id) {
        return seriesById.get(id);
    }

    /** The live series with this number, or null (settled series leave the state). */
    SeriesState seriesByNumber(int number) {
        return seriesByNumber.get(number);
    }

    int liveSeriesCount() {
        return liveSeries;
    }

    /** Lists a series (checks are the caller's): the next number, appended to its market's live series. */
    SeriesState addSeries(OptionSeriesSpec spec) {
        MarketState market = markets[marketOrdinal(spec.marketId())];
        SeriesState series = new SeriesState(nextSeriesNumber, spec, market);
        nextSeriesNumber = Math.addExact(nextSeriesNumber, 1);
        registerSeries(series);
        market.series.add(series);
        market.dirty = true;
        globalsDirty = true;
        return series;
    }

    private void registerSeries(SeriesState series) {
        if (seriesById.putIfAbsent(series.id, series) != null || seriesByNumber.putIfAbsent(series.number, series) != null) {
            throw new IllegalStateException("series " + series.id + " listed twice");
        }
        liveSeries++;
    }

    /** Removes a settled series (no position may remain). */
    void removeSeries(SeriesState series) {
        if (series.longOpenInterestE8 != 0 || series.shortOpenInterestE8 != 0 || series.sumBasisUsd != 0) {
            throw new IllegalStateException("series " + series.id + " removed with open interest");
        }
        series.market.series.remove(series);
        seriesById.remove(series.id);
        seriesByNumber.remove(series.number);
        liveSeries--;
        series.market.dirty = true;
    }

    /** What the pool must keep against open interest: reserve ratio × Σ max(long OI, short OI) notional. */
    long poolReserveUsd() {
        long backed = 0;
        for (MarketState market : markets) {
            long side = Math.max(market.longOpenInterestE8, market.shortOpenInterestE8);
            backed = Math.addExact(backed, Units.notionalUsd(side, market.indexPriceUsd));
            for (SeriesState series : market.series) {
                long optionSide = Math.max(series.longOpenInterestE8, series.shortOpenInterestE8);
                backed = Math.addExact(backed, Units.notionalUsd(optionSide, market.indexPriceUsd));
            }
        }
        return Fixed.mulDiv(backed, genesis.limits().poolReserveRatioPpm(), Units.PPM);
    }

    /** A market's index, or the vol index of a market with options, is stale. */
    boolean anyMarketStale() {
        for (MarketState market : markets) {
            if (!market.fresh || (market.hasOptions() && !market.volFresh)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Always-on check run after every block (O(validators), O(1) in the accounts): money is neither created
     * nor destroyed — collateral + pool + insurance + staked + reward pool == net deposits + genesis bonds.
     */
    void checkConservation() {
        long held = Math.addExact(Math.addExact(Math.addExact(Math.addExact(totalCollateralUsd, poolCashUsd),
                insuranceFundUsd), validators.stakedUsd()), validators.rewardPoolUsd());
        long deposits = Math.addExact(netDepositsUsd, genesis.genesisBondsUsd());
        if (held != deposits) {
            throw new IllegalStateException("conservation broken: collateral " + totalCollateralUsd + " + pool "
                    + poolCashUsd + " + insurance " + insuranceFundUsd + " + staked " + validators.stakedUsd()
                    + " + reward pool " + validators.rewardPoolUsd() + " = " + held
                    + " != net deposits and genesis bonds " + deposits);
        }
        validators.check();
        for (MarketState market : markets) {
            if (market.longOpenInterestE8 < 0 || market.shortOpenInterestE8 < 0) {
                throw new IllegalStateException("negative open interest in " + market.params.id());
            }
            for (SeriesState series : market.series) {
                if (series.longOpenInterestE8 < 0 || series.shortOpenInterestE8 < 0) {
                    throw new IllegalStateException("negative open interest in " + series.id);
                }
            }
        }
    }

    // ---------------------------------------------------------------- state root, proofs

    /** The Merkle root over config, globals, markets and accounts; rehashes only what changed. */
    public Bytes32 stateRoot() {
        if (validators.takeDirty()) {
            globalsDirty = true;
        }
        if (globalsDirty) {
            tree.set(GLOBALS_LEAF, MerkleTree.leafHash(encodeGlobals()));
            globalsDirty = false;
        }
        for (MarketState market : markets) {
            if (market.dirty) {
                tree.set(FIRST_MARKET_LEAF + market.ordinal, MerkleTree.leafHash(market.encode()));
                market.dirty = false;
            }
        }
        for (Account account : dirtyAccounts) {
            tree.set(accountLeaf(account), MerkleTree.leafHash(account.encode()));
            account.dirty = false;
        }
        dirtyAccounts.clear();
        return tree.root();
    }

    private int accountLeaf(Account account) {
        return FIRST_MARKET_LEAF + markets.length + account.ordinal;
    }

    /** A proof that the account's current encoding is a leaf under {@link #stateRoot()}; empty if unknown. */
    public Optional<AccountProof> proveAccount(Bytes32 key) {
        Account account = accountsByKey.get(key);
        if (account == null) {
            return Optional.empty();
        }
        stateRoot();
        return Optional.of(new AccountProof(key, account.encode(), tree.proof(accountLeaf(account))));
    }

    private byte[] encodeGlobals() {
        CanonicalWriter out = new CanonicalWriter(128).putLong(height).putLong(timeMillis).putLong(authorityNonce)
                .putLong(poolCashUsd).putLong(poolTotalShares).putLong(insuranceFundUsd).putLong(netDepositsUsd)
                .putLong(totalCollateralUsd).putInt(accounts.size());
        validators.encodeTo(out);
        if (optionsEnabled) { // perpetual-only chains keep their globals leaf as it was
            out.putInt(nextSeriesNumber);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- snapshot / restore

    /** Canonical encoding of the whole state: genesis, globals, markets, accounts in creation order. */
    public byte[] snapshot() {
        CanonicalWriter out = new CanonicalWriter(4096 + accounts.size() * 100);
        out.putString(SNAPSHOT_MAGIC).putBytes(genesis.encode()).putRaw(encodeGlobals());
        for (MarketState market : markets) {
            market.encodeTo(out);
        }
        for (Account account : accounts) {
            account.encodeTo(out);
        }
        return out.toByteArray();
    }

    /** Rebuilds a state from {@link #snapshot()}; its root equals the original's. Throws {@link DecodingException}. */
    public static LedgerState restore(byte[] snapshot) {
        CanonicalReader in = new CanonicalReader(snapshot);
        if (!SNAPSHOT_MAGIC.equals(in.getString(64))) {
            throw new DecodingException("not a ledger snapshot");
        }
        byte[] genesisBytes = in.getBytes(1 << 20);
        CanonicalReader genesisReader = new CanonicalReader(genesisBytes);
        Genesis genesis = Genesis.decode(genesisReader);
        genesisReader.expectEnd();
        LedgerState state = new LedgerState(genesis);
        state.height = in.getLong();
        state.timeMillis = in.getLong();
        state.authorityNonce = in.getLong();
        state.poolCashUsd = in.getLong();
        state.poolTotalShares = in.getLong();
        state.insuranceFundUsd = in.getLong();
        state.netDepositsUsd = in.getLong();
        long totalCollateral = in.getLong();
        int accountCount = in.getCount(genesis.limits().maxAccounts(), "account");
        state.validators.decodeFrom(in, state.height);
        if (state.optionsEnabled) {
            state.nextSeriesNumber = in.getInt();
        }
        for (MarketState market : state.markets) {
            market.decodeFrom(in);
            boolean storedFresh = market.fresh;
            market.evaluateIndex(state.timeMillis);
            if (market.fresh != storedFresh) {
                throw new DecodingException("market " + market.params.id() + " freshness does not match its reports");
            }
            market.updateVolatilitySpread(state.timeMillis, 0);
            if (market.hasOptions()) {
                boolean storedVolFresh = market.volFresh;
                market.evaluateVolIndex(state.timeMillis);
                if (market.volFresh != storedVolFresh) {
                    throw new DecodingException("market " + market.params.id() + " vol freshness does not match its reports");
                }
                market.updateGuardBand(state.timeMillis, 0);
                for (SeriesState series : market.series) {
                    if (series.number >= state.nextSeriesNumber) {
                        throw new DecodingException("series number " + series.number + " not below the next " + state.nextSeriesNumber);
                    }
                    if (state.seriesById.containsKey(series.id) || state.seriesByNumber.containsKey(series.number)) {
                        throw new DecodingException("duplicate series " + series.id);
                    }
                    state.registerSeries(series);
                }
            }
        }
        if (state.liveSeries > Math.max(0, state.genesis.options().maxLiveSeries())) {
            throw new DecodingException(state.liveSeries + " live series exceed " + state.genesis.options().maxLiveSeries());
        }
        for (int i = 0; i < accountCount; i++) {
            Account account = Account.decode(in, i, state.markets.length, state.genesis.options().maxOptionPositionsPerAccount());
            if (state.accountsByKey.containsKey(account.key)) {
                throw new DecodingException("duplicate account " + account.key);
            }
            long collateral = account.collateralUsd;
            account.collateralUsd = 0;
            state.accounts.add(account);
            state.accountsByKey.put(account.key, account);
            state.tree.append(Bytes32.ZERO);
            state.setCollateral(account, collateral);
        }
        in.expectEnd();
        if (state.totalCollateralUsd != totalCollateral) {
            throw new DecodingException("total collateral " + totalCollateral + " != Σ accounts " + state.totalCollateralUsd);
        }
        Views.checkAggregates(state); // cross-checks the market aggregates against the positions (values nothing: cannot overflow)
        state.checkConservation();
        state.globalsDirty = true;
        return state;
    }

    /** An independent deep copy (via the snapshot encoding). */
    public LedgerState copy() {
        return restore(snapshot());
    }

    // ---------------------------------------------------------------- read-only views

    public Genesis genesis() {
        return genesis;
    }

    public String chainId() {
        return genesis.chainId();
    }

    /** Height of the last applied block (0 at genesis). */
    public long height() {
        return height;
    }

    /** Time of the last applied block (genesis time at genesis). */
    public long timeMillis() {
        return timeMillis;
    }

    /** The genesis validator set, as genesis wrote it (see {@link #activeValidators} for the current one). */
    public List<ValidatorInfo> validators() {
        return genesis.validators();
    }

    /**
     * The set consensus takes at the next epoch boundary, in slot order (genesis validators first, then by first
     * bond): with staking, the last election's voting powers; without, the genesis validators not ejected.
     */
    public List<ValidatorInfo> activeValidators() {
        return validators.active();
    }

    /** Every validator the ledger knows (with staking: every slot holding a bond, an unbonding or power). */
    public List<StakeView> stakeViews() {
        return validators.views();
    }

    /**
     * The chain id consensus signs votes over: that of a consensus genesis with this genesis' chain id, time and
     * validators (how every host builds it), so evidence can be checked without the validator set.
     */
    Bytes32 consensusChainId() {
        if (consensusChainId == null) {
            List<io.ballast.core.consensus.ValidatorInfo> members = new ArrayList<>();
            for (ValidatorInfo v : genesis.validators()) {
                members.add(new io.ballast.core.consensus.ValidatorInfo(v.key(), v.stake()));
            }
            consensusChainId = new io.ballast.core.consensus.Genesis(genesis.chainId(), genesis.genesisTimeMillis(),
                    new io.ballast.core.consensus.ValidatorSet(members)).chainId();
        }
        return consensusChainId;
    }

    /** The set whose precommits certify the last applied block, in consensus order (with staking; else the genesis set). */
    public List<ValidatorInfo> certifyingValidators() {
        return validators.certifying();
    }

    /** The cost of corrupting consensus against the collateral at risk, now (O(validators + markets)). */
    public SecurityView securityView() {
        return Security.compute(this);
    }

    /** Σ bonds and unbondings (0 without staking). */
    public long stakedUsd() {
        return validators.stakedUsd();
    }

    /** Fees set aside for the validators that will certify the last block (0 without staking). */
    public long rewardPoolUsd() {
        return validators.rewardPoolUsd();
    }

    /** The height at which {@code key} was ejected by equivocation evidence; 0 if it was not (or is not a validator). */
    public long slashedAtHeight(Bytes32 key) {
        return validators.slashedAtHeight(key);
    }

    public long collateralAuthorityNonce() {
        return authorityNonce;
    }

    public long insuranceFundUsd() {
        return insuranceFundUsd;
    }

    public long poolCashUsd() {
        return poolCashUsd;
    }

    public long poolTotalShares() {
        return poolTotalShares;
    }

    /** Pool NAV as used for LP share pricing: cash − traders' unrealized price PnL at the index. */
    public long poolNav() {
        return poolNavUsd();
    }

    public int accountCount() {
        return accounts.size();
    }

    /** The key of the {@code index}-th account in creation order (= leaf order). */
    public Bytes32 accountKeyAt(int index) {
        return accounts.get(index).key;
    }

    /** Account keys in creation order (= leaf order). */
    public List<Bytes32> accountKeys() {
        List<Bytes32> keys = new ArrayList<>(accounts.size());
        for (Account account : accounts) {
            keys.add(account.key);
        }
        return Collections.unmodifiableList(keys);
    }

    /**
     * The nonce stream the collateral authority's deposits and listings and the bridge attestors' deposits share
     * (it is no account's key: a hash of its name).
     */
    public static final Bytes32 AUTHORITY_NONCE_STREAM =
            io.ballast.core.crypto.Hashing.sha256("ballast/authority-nonce-stream".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    /**
     * Whose nonces {@code tx} uses: {@link #AUTHORITY_NONCE_STREAM} for deposits and listings the authority signs
     * and for deposits a bridge attestor signs, the signer's account otherwise; null for oracle price and vol
     * reports (always nonce 0, never stale).
     */
    public Bytes32 nonceStream(SignedTransaction tx) {
        TxBody body = tx.body();
        if (body instanceof TxBody.OracleReport || body instanceof TxBody.VolReport) {
            return null;
        }
        boolean authorityBody = (body instanceof TxBody.Deposit || body instanceof TxBody.ListOption)
                && tx.signer().equals(genesis.collateralAuthority());
        boolean bridgeBody = body instanceof TxBody.AttestedDeposit && genesis.bridge().attestors().contains(tx.signer());
        return authorityBody || bridgeBody ? AUTHORITY_NONCE_STREAM : tx.signer();
    }

    /** The last committed nonce of a stream ({@link #nonceStream}): the next transaction of it carries this + 1. */
    public long lastNonce(Bytes32 stream) {
        return stream.equals(AUTHORITY_NONCE_STREAM) ? authorityNonce : nonceOf(stream);
    }

    /** The last committed nonce that {@code tx}'s nonce must exceed (-1 for transactions outside any stream). */
    public long lastUsedNonce(SignedTransaction tx) {
        Bytes32 stream = nonceStream(tx);
        return stream == null ? -1 : lastNonce(stream);
    }

    /** The signer's next valid nonce is this + 1 (0 for unknown accounts). */
    public long nonceOf(Bytes32 key) {
        Account account = accountsByKey.get(key);
        return account == null ? 0 : account.nonce;
    }

    /** Equity, margin requirements and positions valued at the index (last fresh price in safe mode). */
    public Optional<AccountView> accountView(Bytes32 key) {
        Account account = accountsByKey.get(key);
        return account == null ? Optional.empty() : Optional.of(Views.account(this, account));
    }

    public List<MarketView> marketViews() {
        List<MarketView> views = new ArrayList<>(markets.length);
        for (MarketState market : markets) {
            views.add(Views.market(this, market));
        }
        return views;
    }

    /**
     * The margin check the ledger runs before liquidating (no greeks, no position list): equity,
     * initial and maintenance margin, and whether the block-end pass would liquidate the account.
     */
    public Optional<MarginStatus> marginStatus(Bytes32 key) {
        Account account = accountsByKey.get(key);
        if (account == null) {
            return Optional.empty();
        }
        margin.evaluate(this, account, Margin.AT_INDEX);
        boolean liquidatable = account.hasPositions() && !margin.touchesStaleMarket && !margin.touchesStaleVolatility
                && margin.equityUsd < margin.maintenanceMarginUsd && !Liquidation.guardSpares(this, account, margin);
        return Optional.of(new MarginStatus(margin.equityUsd, margin.initialMarginUsd, margin.maintenanceMarginUsd,
                liquidatable));
    }

    /**
     * What {@link #marginStatus} would say if {@code marketId}'s index were {@code indexPriceUsd} and
     * (for a market with options) its vol index {@code volPpm}, everything else as it is: a what-if
     * for audits (the simulator values accounts at the true price it knows). The state is left
     * exactly as it was. Liquidatable here means below maintenance at those prices (no guard band:
     * they are taken as known), with every index fresh.
     */
    public Optional<MarginStatus> marginStatusAt(Bytes32 key, String marketId, long indexPriceUsd, long volPpm) {
        Account account = accountsByKey.get(key);
        int m = marketOrdinal(marketId);
        if (account == null || m < 0 || indexPriceUsd <= 0 || indexPriceUsd > Units.MAX_PRICE_USD) {
            return Optional.empty();
        }
        MarketState market = markets[m];
        long savedIndex = market.indexPriceUsd;
        long savedVol = market.volIndexPpm;
        try {
            market.indexPriceUsd = indexPriceUsd;
            if (market.hasOptions() && volPpm > 0) {
                market.volIndexPpm = Math.min(io.ballast.core.options.BlackScholes.MAX_VOL_PPM, volPpm);
            }
            Margin whatIf = new Margin().evaluate(this, account, Margin.AT_INDEX);
            return Optional.of(new MarginStatus(whatIf.equityUsd, whatIf.initialMarginUsd, whatIf.maintenanceMarginUsd,
                    account.hasPositions() && whatIf.equityUsd < whatIf.maintenanceMarginUsd));
        } finally {
            market.indexPriceUsd = savedIndex;
            market.volIndexPpm = savedVol;
        }
    }

    /**
     * Drops the option pricing caches (model prices and scenario values), which are pure functions
     * of the index, vol index and block time: nothing observable changes. For benchmarks of the
     * cold path (the first margin check after the index moved).
     */
    public void clearPricingCaches() {
        for (MarketState market : markets) {
            for (SeriesState series : market.series) {
                series.invalidate();
            }
        }
    }

    /** Options on every market that has them (empty on a perpetual-only chain). */
    public List<OptionMarketView> optionMarketViews() {
        List<OptionMarketView> views = new ArrayList<>();
        for (MarketState market : markets) {
            if (market.hasOptions()) {
                views.add(Views.optionMarket(this, market));
            }
        }
        return views;
    }

    /** A live series as the pool quotes it now. */
    public Optional<OptionSeriesView> optionSeriesView(String id) {
        SeriesState series = seriesById.get(id);
        return series == null ? Optional.empty() : Optional.of(Views.optionSeries(this, series));
    }

    public Optional<MarketView> marketView(String id) {
        int ordinal = marketOrdinal(id);
        return ordinal < 0 ? Optional.empty() : Optional.of(Views.market(this, markets[ordinal]));
    }

    /**
     * Scans every account (O(accounts)): conservation totals for tests and monitoring. Throws
     * IllegalStateException if the markets' aggregates disagree with the positions.
     */
    public Totals totals() {
        return Views.totals(this);
    }
}
