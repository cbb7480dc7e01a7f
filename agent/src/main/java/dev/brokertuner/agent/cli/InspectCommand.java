package dev.brokertuner.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code broker-tuner inspect}: one gathering, printed as text or JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Inspect this broker host once and print explained recommendations.")
public final class InspectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("TODO");
    }
}
