package io.ballast.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * {@code ballast.http} (conf/http.conf): where to listen (127.0.0.1 by default; {@code BALLAST_HTTP_PORT}), body
 * limits and how long a request may wait for finality or a proof.
 */
public record ApiSettings(String host, int port, int maxBodyBytes, Duration waitFinalMax, Duration askTimeout,
                          ChainIndex.Limits limits) {
    public static ApiSettings load(Config config) {
        Config http = config.withFallback(ConfigFactory.parseResources("http.conf")).resolve().getConfig("ballast.http");
        return new ApiSettings(http.getString("host"), http.getInt("port"), (int) http.getBytes("max-body-bytes").longValue(),
                http.getDuration("wait-final-max"), http.getDuration("ask-timeout"),
                new ChainIndex.Limits(http.getInt("index.retained-blocks"), http.getInt("index.retained-receipts"),
                        http.getInt("index.events-per-account"), http.getInt("index.waiters-max"),
                        http.getInt("index.online-window-blocks"), http.getDuration("proof-wait")));
    }

    public ApiSettings withPort(int newPort) {
        return new ApiSettings(host, newPort, maxBodyBytes, waitFinalMax, askTimeout, limits);
    }
}
