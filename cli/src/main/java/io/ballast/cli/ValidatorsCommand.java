package io.ballast.cli;

import io.ballast.api.client.ApiJson;
import io.ballast.api.client.BallastClient;
import io.ballast.api.model.ValidatorView;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code bin/ballast validators}: the node's {@code GET /v1/validators} as a table or {@code --json}. */
@Command(name = "validators", description = {"Validators: the set certifying the latest block (by index), then bonded"
        + " validators outside it; bond, voting power, unbonding, jail, slashed stake, uptime over the reputation window"
        + " (signed/window certificates) and rewards, in USD."})
final class ValidatorsCommand extends NodeCommands.ApiCommand {
    ValidatorsCommand(PrintStream out, PrintStream err) {
        super(out);
    }

    @Override
    int call(BallastClient client) {
        List<ValidatorView> validators = client.validators();
        if (json.json()) {
            out.println(ApiJson.pretty(validators));
        } else {
            SecurityText.table(validators).print(out);
        }
        return 0;
    }
}
