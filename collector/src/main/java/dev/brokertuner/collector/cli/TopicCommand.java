package dev.brokertuner.collector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code broker-tuner-collector topic}: the reports topic of Kafka transport ({@code topic create}). */
@Command(name = "topic", mixinStandardHelpOptions = true,
        description = "Manage the reports topic agents produce to and collectors consume (docs/fleet-scale.md).",
        subcommands = {TopicCreateCommand.class})
public final class TopicCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (create)");
    }
}
