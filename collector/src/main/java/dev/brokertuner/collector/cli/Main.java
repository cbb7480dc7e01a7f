package dev.brokertuner.collector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code broker-tuner-collector}: the collector's command line. {@code serve} is the default subcommand, so
 * {@code broker-tuner-collector --config FILE} serves.
 */
@Command(name = "broker-tuner-collector", mixinStandardHelpOptions = true, version = "broker-tuner-collector",
        description = "Central collector for broker-tuner agents: ingest, fleet store, fleet views, dashboard.",
        subcommands = {ServeCommand.class, TopicCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        String[] effective = args;
        if (args.length == 0 || args[0].startsWith("--") && !args[0].equals("--help")
                && !args[0].equals("--version")) {
            effective = new String[args.length + 1];
            effective[0] = "serve";
            System.arraycopy(args, 0, effective, 1, args.length);
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("broker-tuner-collector: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cli.execute(effective);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (serve, topic)");
    }
}
