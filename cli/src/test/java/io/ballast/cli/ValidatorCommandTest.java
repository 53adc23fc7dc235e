package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.core.ledger.tx.TxBody;
import org.junit.jupiter.api.Test;

/** What each {@code validator} subcommand signs. */
class ValidatorCommandTest {
    @Test
    void eachActionSendsItsStakeTransaction() {
        assertEquals(new TxBody.BondStake(12_500_000), ValidatorCommand.body("bond", "12.5"));
        assertEquals(new TxBody.Unbond(3_000_000), ValidatorCommand.body("unbond", "3"));
        assertEquals(new TxBody.WithdrawUnbonded(), ValidatorCommand.body("withdraw", null));
        assertEquals(new TxBody.Unjail(), ValidatorCommand.body("unjail", null));
        assertThrows(IllegalArgumentException.class, () -> ValidatorCommand.body("bond", "1.0000001"), "7 decimals");
        assertThrows(IllegalArgumentException.class, () -> ValidatorCommand.body("delegate", "1"));
    }
}
