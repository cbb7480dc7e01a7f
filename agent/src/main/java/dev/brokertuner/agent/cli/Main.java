package dev.brokertuner.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code broker-tuner}: the command line. Subcommands do the work. */
@Command(name = "broker-tuner", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Host tuning agent for Apache Kafka brokers.",
        subcommands = {InspectCommand.class, AgentCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("broker-tuner: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (inspect, agent)");
    }
}
