package io.ballast.actors.chain;

import io.ballast.persistence.CborSerializable;
import java.util.List;

/** What one committed block did to one account: its itemized entries and its balances after the block. */
public record AccountBlock(String accountKey, long height, long blockTimeMillis, List<LedgerEntry> entries,
                           AccountBalances after) implements CborSerializable {
    public AccountBlock {
        entries = List.copyOf(entries);
    }
}
