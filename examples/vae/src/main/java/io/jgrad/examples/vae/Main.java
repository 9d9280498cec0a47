package io.jgrad.examples.vae;

import java.lang.reflect.Field;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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

    /**
     * The command line. Options are typed and checked where they are parsed: a value outside an option's
     * {@link Range}, like any other usage error, prints {@code vae <command>: <what was wrong>} and a pointer to
     * {@code --help}, with status 2; a failure while running prints {@code vae: <message>}, with status 1.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parseResult -> {
            checkRanges(parseResult);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), "out of memory: this"
                        + " JVM may use " + (Runtime.getRuntime().maxMemory() >> 20) + " MB; lower --batch or"
                        + " --hidden, or give Java more (JAVA_OPTS=-Xmx2g ./vae ...)", e);
            }
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vae: " + Failures.describe(e));
            return 1;
        });
        return cli;
    }

    /** Checks every option of the command that runs, given or defaulted, against its {@link Range}. */
    static void checkRanges(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        for (OptionSpec option : last.commandSpec().options()) {
            Range range = option.userObject() instanceof Field f ? f.getAnnotation(Range.class) : null;
            Object value = option.getValue();
            if (range == null || !(value instanceof Number number)) {
                continue;
            }
            double v = number.doubleValue();
            double max = range.atMostCores() ? Runtime.getRuntime().availableProcessors() : range.max();
            boolean low = range.aboveMin() ? !(v > range.min()) : !(v >= range.min());
            if (low || !(v <= max)) {
                throw new ParameterException(last.commandSpec().commandLine(), option.longestName() + " " + value
                        + ": " + allowed(range, max));
            }
        }
    }

    private static String allowed(Range range, double max) {
        String min = number(range.min());
        if (max == Double.MAX_VALUE) {
            return range.aboveMin() ? "must be above " + min : "must be at least " + min;
        }
        String cores = range.atMostCores() ? " (the cores of this machine)" : "";
        return (range.aboveMin() ? "must be above " + min + " and at most " : "must be from " + min + " to ")
                + number(max) + cores;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
