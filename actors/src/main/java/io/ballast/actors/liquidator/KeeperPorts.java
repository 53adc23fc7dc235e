package io.ballast.actors.liquidator;

import io.ballast.actors.validator.ValidatorEntity.Liquidatable;
import io.ballast.actors.validator.ValidatorEntity.TxFinality;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** What a liquidator needs from the validators (a validator client implements it). */
public interface KeeperPorts {
    /** Accounts below maintenance with a position in one of {@code marketIds}, at most {@code max}. */
    CompletionStage<Liquidatable> liquidatable(List<String> marketIds, int max);

    /** The account's last used nonce (0 if it has none). */
    CompletionStage<Long> nonce(String accountKeyHex);

    CompletionStage<TxFinality> submitAndAwaitFinality(byte[] transaction);
}
