package io.ballast.cli;

import io.ballast.api.client.BallastClient;
import io.ballast.core.crypto.KeyPair;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.SignedTransaction;
import io.ballast.core.ledger.tx.TxBody;
import io.ballast.keys.KeyFile;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ballast validator bond|unbond|withdraw|unjail --key FILE}: a validator's own stake transactions, signed
 * locally with its key (the validator's account: bonds come from its collateral, withdrawn stake returns there) and
 * submitted through the node's HTTP API with {@code wait=final}. On a chain whose genesis has no staking the ledger
 * refuses them ({@code STAKING_DISABLED}).
 */
@Command(name = "validator", description = "A validator's stake: bond collateral, unbond, withdraw released stake, unjail.",
        subcommands = {ValidatorCommand.Bond.class, ValidatorCommand.Unbond.class, ValidatorCommand.Withdraw.class,
                ValidatorCommand.Unjail.class})
final class ValidatorCommand {
    ValidatorCommand(PrintStream out, PrintStream err) {
        // only the subcommands print
    }

    /** The transaction body each subcommand sends. */
    static TxBody body(String action, String amountUsd) {
        return switch (action) {
            case "bond" -> new TxBody.BondStake(Units.parseUsd(amountUsd));
            case "unbond" -> new TxBody.Unbond(Units.parseUsd(amountUsd));
            case "withdraw" -> new TxBody.WithdrawUnbonded();
            case "unjail" -> new TxBody.Unjail();
            default -> throw new IllegalArgumentException("no validator action " + action);
        };
    }

    /** Signs {@code body} with the key file's key and its next nonce, submits it, prints the receipt. */
    abstract static class StakeCommand extends NodeCommands.ApiCommand {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "the validator's key file")
        Path keyFile;

        StakeCommand(PrintStream out) {
            super(out);
        }

        abstract TxBody body();

        @Override
        int call(BallastClient client) throws Exception {
            KeyPair key = KeyFile.read(keyFile);
            SignedTransaction tx = SignedTransaction.sign(client.status().chainId(), key, client.nextNonce(key.publicKey()),
                    body());
            return receipt(client.submitAndWait(tx));
        }
    }

    @Command(name = "bond", description = "Bonds collateral of the validator's account as its stake (it votes from the"
            + " next election on).")
    static final class Bond extends StakeCommand {
        @Option(names = "--amount", paramLabel = "USD", required = true, description = "USD, up to 6 decimals")
        private String amountUsd;

        Bond(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        TxBody body() {
            return ValidatorCommand.body("bond", amountUsd);
        }
    }

    @Command(name = "unbond", description = "Starts unbonding stake: slashable for the unbonding period, then withdrawable.")
    static final class Unbond extends StakeCommand {
        @Option(names = "--amount", paramLabel = "USD", required = true, description = "USD, up to 6 decimals")
        private String amountUsd;

        Unbond(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        TxBody body() {
            return ValidatorCommand.body("unbond", amountUsd);
        }
    }

    @Command(name = "withdraw", description = "Returns released unbonded stake to the validator's collateral.")
    static final class Withdraw extends StakeCommand {
        Withdraw(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        TxBody body() {
            return ValidatorCommand.body("withdraw", null);
        }
    }

    @Command(name = "unjail", description = "Makes a validator jailed for downtime electable again after its jail time.")
    static final class Unjail extends StakeCommand {
        Unjail(PrintStream out, PrintStream err) {
            super(out);
        }

        @Override
        TxBody body() {
            return ValidatorCommand.body("unjail", null);
        }
    }
}
