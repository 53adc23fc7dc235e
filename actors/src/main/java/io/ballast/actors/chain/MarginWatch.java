package io.ballast.actors.chain;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.AccountView;
import io.ballast.core.ledger.LedgerState;
import io.ballast.core.ledger.OptionPositionView;
import io.ballast.core.ledger.PositionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Margin levels of the accounts with positions (perpetual or option), kept without valuing every account after every block:
 * each block re-values the accounts it touched and a rolling share of all accounts ({@code scanBudget}
 * per block, round-robin), so a level is at most ⌈accounts ÷ budget⌉ blocks old. Margin calls and
 * keeper candidates are read from here. Single-threaded (the follower's).
 */
final class MarginWatch {
    private record Level(MarginLevel level, boolean liquidatable, List<String> marketIds) {}

    private final int scanBudget;
    private final Map<Bytes32, Level> withPositions = new LinkedHashMap<>();
    private int cursor;

    MarginWatch(int scanBudget) {
        if (scanBudget < 1) {
            throw new IllegalArgumentException("scanBudget must be positive");
        }
        this.scanBudget = scanBudget;
    }

    /** Re-values {@code touched} and the next rolling share; returns the accounts now in a margin call. */
    List<MarginLevel> afterBlock(LedgerState state, List<Bytes32> touched) {
        for (Bytes32 key : touched) {
            value(state, key);
        }
        int accounts = state.accountCount();
        for (int i = 0; i < Math.min(scanBudget, accounts); i++) {
            cursor = Math.floorMod(cursor, accounts);
            value(state, state.accountKeyAt(cursor++));
        }
        List<MarginLevel> calls = new ArrayList<>();
        for (Level level : withPositions.values()) {
            if (level.level().isMarginCall()) {
                calls.add(level.level());
            }
        }
        return calls;
    }

    /** Accounts below maintenance with a position in one of {@code marketIds}, at most {@code max}. */
    List<String> liquidatable(List<String> marketIds, int max) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<Bytes32, Level> entry : withPositions.entrySet()) {
            if (found.size() >= max) {
                break;
            }
            Level level = entry.getValue();
            if (level.liquidatable() && level.marketIds().stream().anyMatch(marketIds::contains)) {
                found.add(entry.getKey().toHex());
            }
        }
        return found;
    }

    private void value(LedgerState state, Bytes32 key) {
        AccountView view = state.accountView(key).orElse(null);
        if (view == null || (view.positions().isEmpty() && view.optionPositions().isEmpty())) {
            withPositions.remove(key);
            return;
        }
        // perps and options on one index are margined together: an option book counts under its index's market
        List<String> marketIds = Stream.concat(view.positions().stream().map(PositionView::marketId),
                view.optionPositions().stream().map(OptionPositionView::marketId)).distinct().toList();
        withPositions.put(key, new Level(new MarginLevel(key.toHex(), state.height(), view.equityUsd(),
                view.maintenanceMarginUsd()), view.liquidatable(), marketIds));
    }
}
