package io.ballast.api;

import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.MarketView;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.SecurityView;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.SignatureVerifier;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Prometheus metrics of one node (its own registry, text exposition at {@code GET /metrics}): time to finality
 * as clients of this node see it, commits, liquidations, safe-mode markets, mempool lanes, entity restarts, the cost of
 * corruption at the latest block ({@code ballast_security_*}),
 * API answers by status and transaction admissions; the JVM's and the process's own metrics (memory, GC, threads,
 * CPU, open files: {@code jvm_*}, {@code process_*}), and {@code ballast_build_info} with the version.
 */
public final class ApiMetrics {
    private static final String[] LANES = {"oracle_liquidation_topup", "withdrawal", "trade"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram finality = Histogram.builder().name("ballast_time_to_finality_seconds")
            .help("POST /v1/tx?wait=final: submission to committed receipt")
            .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    private final Histogram blockInterval = Histogram.builder().name("ballast_block_interval_seconds")
            .help("BFT time between consecutive committed blocks")
            .classicUpperBounds(0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10).register(registry);
    private final Counter commits = Counter.builder().name("ballast_commits_total")
            .help("blocks committed (indexed by this node)").register(registry);
    private final Counter transactions = Counter.builder().name("ballast_committed_transactions_total")
            .help("transactions in committed blocks by outcome").labelNames("outcome").register(registry);
    private final Counter liquidations = Counter.builder().name("ballast_liquidations_total")
            .help("positions (parts) closed by liquidation").register(registry);
    private final Gauge safeMode = Gauge.builder().name("ballast_safe_mode_markets")
            .help("markets whose index is stale (safe mode)").register(registry);
    private final Gauge height = Gauge.builder().name("ballast_height").help("last indexed height").register(registry);
    private final Gauge mempool = Gauge.builder().name("ballast_mempool_transactions")
            .help("pending transactions per validator and lane").labelNames("validator", "lane").register(registry);
    private final Counter restarts = Counter.builder().name("ballast_entity_restarts_total")
            .help("validator entity recoveries (start or restart) by validator").labelNames("validator").register(registry);
    private final Counter responses = Counter.builder().name("ballast_http_responses_total")
            .help("API answers by status class").labelNames("status").register(registry);
    private final Counter admissions = Counter.builder().name("ballast_tx_admissions_total")
            .help("POST /v1/tx outcomes by code").labelNames("code").register(registry);
    private final Gauge stakeToHalt = Gauge.builder().name("ballast_security_stake_to_halt_usd")
            .help("bonded power an attacker must hold to stop commits (more than a third of the certifying set), USD")
            .register(registry);
    private final Gauge stakeToFork = Gauge.builder().name("ballast_security_stake_to_fork_usd")
            .help("bonded power that must sign two conflicting certificates (more than two thirds), USD").register(registry);
    private final Gauge slashableOnFork = Gauge.builder().name("ballast_security_slashable_on_fork_usd")
            .help("stake a fork burns at least (equivocation slash of the more than a third that signs both sides), USD")
            .register(registry);
    private final Gauge collateralAtRisk = Gauge.builder().name("ballast_security_collateral_at_risk_usd")
            .help("all collateral, the pool's cash and open-interest notional at the index, USD").register(registry);
    private final Gauge corruptionCostRatio = Gauge.builder().name("ballast_security_corruption_cost_ratio")
            .help("slashable on fork / collateral at risk (+Inf with nothing at risk); below 1 a fork could gain more than it burns")
            .register(registry);
    private final Gauge securityWarning = Gauge.builder().name("ballast_security_warning")
            .help("1 when the corruption cost ratio is below 1, else 0").register(registry);
    private final Gauge certifyingValidators = Gauge.builder().name("ballast_security_validators")
            .help("members of the validator set certifying the latest block").register(registry);
    private long lastBlockMillis = -1;

    /**
     * @param verificationsByPurpose the node's signature verifications so far (its {@code NodeSignatures}): they become
     *                               {@code ballast_signature_verifications_total}
     * @param preverifyRefusals      times the node's verification pool was full (gossip dropped, proposals verified in
     *                               line): {@code ballast_preverify_refusals_total}
     */
    public ApiMetrics(ToLongFunction<SignatureVerifier.Purpose> verificationsByPurpose, LongSupplier preverifyRefusals) {
        CounterWithCallback.builder().name("ballast_preverify_refusals_total")
                .help("Times the node's signature-verification pool was full: gossip dropped, proposals verified by the validator itself")
                .callback(callback -> callback.call(preverifyRefusals.getAsLong()))
                .register(registry);
        CounterWithCallback.builder().name("ballast_signature_verifications_total")
                .help("Ed25519 verifications of transaction signatures on this node, by purpose (each transaction "
                        + "should be verified once per node)")
                .labelNames("purpose")
                .callback(callback -> {
                    for (SignatureVerifier.Purpose purpose : SignatureVerifier.Purpose.values()) {
                        callback.call(verificationsByPurpose.applyAsLong(purpose), purpose.name().toLowerCase(java.util.Locale.ROOT));
                    }
                })
                .register(registry);
        JvmMetrics.builder().register(registry); // JVM and process metrics
        Info buildInfo = Info.builder().name("ballast_build_info").help("the Ballast build this node runs")
                .labelNames("version", "java_version").register(registry);
        buildInfo.setLabelValues(version(), System.getProperty("java.version"));
    }

    /** The version the build wrote into build.properties ("unknown" if the resource is missing). */
    static String version() {
        try (InputStream in = ApiMetrics.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    void finalitySeconds(double seconds) {
        finality.observe(seconds);
    }

    /** Called by the chain index for each block. */
    synchronized void blockIndexed(BlockResult result, List<MarketView> markets) {
        commits.inc();
        height.set(result.height());
        long liquidated = 0;
        for (Receipt receipt : result.receipts()) {
            transactions.labelValues(receipt.accepted() ? "accepted" : "rejected").inc();
            if (receipt instanceof Receipt.Accepted accepted) {
                liquidated += accepted.events().stream().filter(e -> e instanceof LedgerEvent.PositionLiquidated).count();
            }
        }
        liquidated += result.endEvents().stream().filter(e -> e instanceof LedgerEvent.PositionLiquidated).count();
        liquidations.inc(liquidated);
        safeMode.set(markets.stream().filter(MarketView::safeMode).count());
    }

    /** Called by the chain index for each block: the cost of corruption in the state after it. */
    synchronized void security(SecurityView view) {
        stakeToHalt.set(usd(view.stakeToHaltUsd()));
        stakeToFork.set(usd(view.stakeToForkUsd()));
        slashableOnFork.set(usd(view.slashableOnForkUsd()));
        collateralAtRisk.set(usd(view.collateralAtRiskUsd()));
        corruptionCostRatio.set(view.collateralAtRiskUsd() == 0 || view.corruptionCostRatioPpm() == Long.MAX_VALUE
                ? Double.POSITIVE_INFINITY : (double) view.corruptionCostRatioPpm() / Units.PPM);
        securityWarning.set(view.warning() ? 1 : 0);
        certifyingValidators.set(view.validators());
    }

    private static double usd(long microUsd) {
        return (double) microUsd / Units.USD_SCALE;
    }

    void blockTime(long blockTimeMillis) {
        synchronized (this) {
            if (lastBlockMillis >= 0) {
                blockInterval.observe(Math.max(0, blockTimeMillis - lastBlockMillis) / 1000.0);
            }
            lastBlockMillis = blockTimeMillis;
        }
    }

    void mempool(String validatorId, List<Integer> laneDepths) {
        for (int lane = 0; lane < laneDepths.size() && lane < LANES.length; lane++) {
            mempool.labelValues(validatorId, LANES[lane]).set(laneDepths.get(lane));
        }
    }

    void restart(String validatorId) {
        restarts.labelValues(validatorId).inc();
    }

    void response(int status) {
        responses.labelValues(status / 100 + "xx").inc();
    }

    void admission(String code) {
        admissions.labelValues(code).inc();
    }

    /** Admitted transactions so far (tests: hostile input admits none). */
    public long admitted() {
        return (long) admissions.labelValues("ACCEPTED").get() + (long) admissions.labelValues("DUPLICATE").get();
    }

    /** Validator entity recoveries seen since start (each entity's first start counts one). */
    public long restarts() {
        return (long) restarts.collect().getDataPoints().stream().mapToDouble(point -> point.getValue()).sum();
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
