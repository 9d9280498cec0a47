package io.jgrad.examples.vae;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./vae}: the lecture's variational autoencoder on MNIST, trained and explored from the command line.
 * Start with {@code ./vae train}; every command documents itself with {@code --help}.
 */
@Command(name = "vae", mixinStandardHelpOptions = true, version = "jgrad vae 0.1.0",
        description = "Train the NYU Deep Learning lecture's variational autoencoder on MNIST with jgrad, and draw it.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SampleCommand.class, ReconstructCommand.class,
                InterpolateCommand.class, GraphCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line, whose failures print one line, {@code vae: <message>}, and exit with status 1. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vae: " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
