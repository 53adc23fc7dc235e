package io.ballast.cluster.devnet;

import io.ballast.core.math.Percentiles;
import io.ballast.actors.chain.ExecutedBlock;
import io.ballast.core.ledger.Units;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One line per second: height, blocks/s, clients' time to finality, index prices. Also decides
 * when a bounded run is over ({@code --blocks N}: N blocks after the first one it saw;
 * {@code --seconds N}) and then calls {@code onFinished} once with the last height.
 */
public final class DevnetPrinter {
    private enum Tick { INSTANCE }

    private DevnetPrinter() {}

    public static Behavior<Object> create(PrintStream out, FinalityStats stats, long blocksToRun, long secondsToRun,
                                          LongConsumer onHeight, LongConsumer onFinished) {
        return Behaviors.<Object>setup(context -> Behaviors.withTimers(timers -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ExecutedBlock.class,
                    context.messageAdapter(ExecutedBlock.class, block -> block)));
            timers.startTimerAtFixedRate(Tick.INSTANCE, Duration.ofSeconds(1), Duration.ofSeconds(1));
            long startNanos = System.nanoTime();
            long[] heights = {-1, 0, 0}; // first seen, highest, highest at last line
            boolean[] finished = {false};
            Map<String, Long> prices = new TreeMap<>();
            return Behaviors.receive(Object.class)
                    .onMessage(ExecutedBlock.class, block -> {
                        if (heights[0] < 0) {
                            heights[0] = block.height() - 1;
                            heights[2] = heights[0];
                        }
                        if (block.height() > heights[1]) {
                            heights[1] = block.height();
                            onHeight.accept(block.height());
                            prices.putAll(block.chain().indexPricesUsd());
                        }
                        if (!finished[0] && blocksToRun > 0 && heights[1] - heights[0] >= blocksToRun) {
                            finished[0] = true;
                            onFinished.accept(heights[1]);
                        }
                        return Behaviors.same();
                    })
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        long elapsedSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
                        List<Long> latencies = stats.drainInterval();
                        out.printf("height %6d  %3d blocks/s  finality p50 %4d ms p99 %4d ms (%3d tx)  %s%n",
                                heights[1], heights[1] - heights[2], Percentiles.nearestRank(latencies, 50, 0),
                                Percentiles.nearestRank(latencies, 99, 0), latencies.size(), priceText(prices));
                        out.flush();
                        heights[2] = heights[1];
                        if (!finished[0] && secondsToRun > 0 && elapsedSeconds >= secondsToRun) {
                            finished[0] = true;
                            onFinished.accept(heights[1]);
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static String priceText(Map<String, Long> prices) {
        StringBuilder text = new StringBuilder();
        prices.forEach((market, price) -> text.append(market).append(' ')
                .append(String.format("%.2f", (double) price / Units.USD_SCALE)).append("  "));
        return text.toString().trim();
    }
}
