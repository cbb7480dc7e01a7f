package dev.brokertuner.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code broker-tuner agent}: the daemon. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the agent daemon: gather every interval, serve the report, deliver it to the collector.")
public final class AgentCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("TODO");
    }
}
