package io.ballast.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code ballast.http} (conf/http.conf): where to listen (127.0.0.1 by default; {@code BALLAST_HTTP_PORT}), whether
 * with TLS ({@code ballast.http.tls}), body limits and how long a request may wait for finality or a proof.
 */
public record ApiSettings(String host, int port, int maxBodyBytes, Duration waitFinalMax, Duration askTimeout,
                          ChainIndex.Limits limits, HttpsSettings tls) {
    public ApiSettings {
        Objects.requireNonNull(tls, "tls");
    }

    public static ApiSettings load(Config config) {
        Config http = config.withFallback(ConfigFactory.parseResources("http.conf")).resolve().getConfig("ballast.http");
        return new ApiSettings(http.getString("host"), http.getInt("port"), (int) http.getBytes("max-body-bytes").longValue(),
                http.getDuration("wait-final-max"), http.getDuration("ask-timeout"),
                new ChainIndex.Limits(http.getInt("index.retained-blocks"), http.getInt("index.retained-receipts"),
                        http.getInt("index.events-per-account"), http.getInt("index.waiters-max"),
                        http.getInt("index.online-window-blocks"), http.getDuration("proof-wait")),
                HttpsSettings.load(http.getConfig("tls")));
    }

    public ApiSettings withPort(int newPort) {
        return new ApiSettings(host, newPort, maxBodyBytes, waitFinalMax, askTimeout, limits, tls);
    }

    /**
     * Opens the TLS key store when HTTPS is enabled, so a node can refuse to start before it joins the cluster.
     * @throws IllegalStateException as {@link ApiServer#start} would
     */
    public ApiSettings requireUsableTls() {
        if (tls.enabled()) {
            ServerTls.sslContext(tls);
        }
        return this;
    }

    public ApiSettings withTls(HttpsSettings newTls) {
        return new ApiSettings(host, port, maxBodyBytes, waitFinalMax, askTimeout, limits, newTls);
    }
}
