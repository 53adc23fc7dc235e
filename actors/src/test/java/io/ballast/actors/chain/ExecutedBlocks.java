package io.ballast.actors.chain;

import io.ballast.core.consensus.Block;
import io.ballast.core.consensus.BlockHeader;
import io.ballast.core.consensus.CommitCertificate;
import io.ballast.core.consensus.CommittedBlock;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.BlockResult;
import io.ballast.core.ledger.SecurityView;
import java.util.List;

/** Executed blocks for tests of their subscribers: a height, what it did to accounts, its margin calls. */
public final class ExecutedBlocks {
    private ExecutedBlocks() {}

    public static ExecutedBlock of(long height, List<AccountBlock> accounts, List<MarginLevel> marginCalls) {
        BlockHeader header = new BlockHeader(Bytes32.ZERO, height, 0, height * 100, 0, Bytes32.ZERO, Bytes32.ZERO,
                Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO, Block.txRoot(List.of()), Block.evidenceRoot(List.of()), List.of());
        CommittedBlock block = new CommittedBlock(new Block(header, List.of(), List.of(), null),
                new CommitCertificate(Bytes32.ZERO, height, 0, Bytes32.ZERO, List.of()));
        return new ExecutedBlock(block, new BlockResult(height, List.of(), List.of(), List.of(), Bytes32.ZERO), List.of(),
                accounts, marginCalls, new ChainView(height, height * 100, Bytes32.ZERO.toHex(), List.of(), 0, 0, 0, 0,
                List.of(), List.of(), List.of(), new SecurityView(0, 0, 0, 0, 0, 0, 0, false)), false);
    }

    /** Touching {@code accountKeys} (no entries, empty balances) with margin calls for {@code marginCalls}. */
    public static ExecutedBlock touching(long height, List<String> accountKeys, List<String> marginCalls) {
        return of(height, accountKeys.stream().map(key -> new AccountBlock(key, height, height * 100, List.of(),
                        AccountBalances.EMPTY)).toList(),
                marginCalls.stream().map(key -> new MarginLevel(key, height, 1, 1)).toList());
    }
}
