package io.ballast.cli;

import io.ballast.core.json.Json;
import io.ballast.core.json.JsonException;
import io.ballast.core.json.JsonFields;
import io.ballast.core.ledger.LedgerBlock;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TransactionJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON-lines replay format: one JSON object per line, either a signed transaction (as
 * {@link TransactionJson} writes it; oracle price updates are {@code oracleReport} transactions)
 * or a block header {@code {"block":{"timeMillis":..,"congestionPpm":..,"recentFinalityMillis":..}}}
 * that starts the next block. Transactions before the first header go into a block one second
 * after the genesis time. Blank lines are skipped.
 */
public final class ReplayFormat {
    public static final int MAX_LINE_CHARS = 4_096;
    public static final int MAX_BLOCKS = 1_000_000;

    private ReplayFormat() {}

    /** Parses the whole file into blocks following {@code startHeight} and {@code startTimeMillis}. */
    public static List<LedgerBlock> parse(List<String> lines, long startHeight, long startTimeMillis, int maxTxPerBlock) {
        List<LedgerBlock> blocks = new ArrayList<>();
        BlockHeader header = null;
        List<SignedTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.length() > MAX_LINE_CHARS) {
                    throw new JsonException("line longer than " + MAX_LINE_CHARS + " characters");
                }
                Map<String, Object> object = Json.parseObject(line);
                if (object.containsKey("block")) {
                    if (header != null || !transactions.isEmpty()) {
                        blocks.add(close(header, transactions, startHeight + blocks.size() + 1, startTimeMillis));
                    }
                    header = BlockHeader.from(new JsonFields("line " + (i + 1), object).allowOnly(Set.of("block")).object("block"));
                    transactions = new ArrayList<>();
                } else {
                    if (transactions.size() == maxTxPerBlock) {
                        throw new JsonException("block has more than " + maxTxPerBlock + " transactions");
                    }
                    transactions.add(TransactionJson.fromObject(object));
                }
                if (blocks.size() >= MAX_BLOCKS) {
                    throw new JsonException("more than " + MAX_BLOCKS + " blocks");
                }
            } catch (JsonException | IllegalArgumentException e) {
                throw new ReplayException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (header != null || !transactions.isEmpty()) {
            blocks.add(close(header, transactions, startHeight + blocks.size() + 1, startTimeMillis));
        }
        return blocks;
    }

    public static String blockLine(LedgerBlock block) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("timeMillis", block.timeMillis());
        header.put("congestionPpm", block.congestionPpm());
        header.put("recentFinalityMillis", block.recentFinalityMillis());
        return Json.write(Map.of("block", header));
    }

    /** The lines of one block: its header, then its transactions. */
    public static List<String> lines(LedgerBlock block) {
        List<String> lines = new ArrayList<>(block.transactions().size() + 1);
        lines.add(blockLine(block));
        for (SignedTransaction tx : block.transactions()) {
            lines.add(TransactionJson.toJson(tx));
        }
        return lines;
    }

    private static LedgerBlock close(BlockHeader header, List<SignedTransaction> transactions, long height,
                                     long startTimeMillis) {
        BlockHeader effective = header != null ? header : new BlockHeader(startTimeMillis + 1_000, 0, 0);
        return new LedgerBlock(height, effective.timeMillis, effective.congestionPpm, effective.recentFinalityMillis,
                transactions);
    }

    private record BlockHeader(long timeMillis, long congestionPpm, long recentFinalityMillis) {
        static BlockHeader from(JsonFields fields) {
            fields.allowOnly(Set.of("timeMillis", "congestionPpm", "recentFinalityMillis"));
            return new BlockHeader(fields.integer("timeMillis"), fields.integer("congestionPpm", 0),
                    fields.integer("recentFinalityMillis", 0));
        }
    }

    /** A replay file that cannot be read; the message names the line. */
    public static final class ReplayException extends RuntimeException {
        public ReplayException(String message) {
            super(message);
        }
    }
}
