package org.vcd.deploy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code vcd} command line. Exit codes: 0 done; 1 an input video was refused (one line each on
 * stderr, nothing stored for it); 2 wrong usage; 3 the store could not be opened, read or written; 4 the
 * output folder could not be used (audit).
 */
@Command(name = "vcd", version = "vcd 0.1.0",
        description = "Finds which reference videos an uploaded video copies, and exactly where.",
        subcommands = {IndexCommand.class, CheckCommand.class, DemoCommand.class, StoreCommand.class,
                BenchCommand.class, WorkerCommand.class, AuditCommand.class, TrainCommand.class, ServeCommand.class,
                AudioCommand.class})
public final class Vcd {

    static final int EXIT_BAD_INPUT = 1;
    /** picocli also answers wrong options with 2. */
    static final int EXIT_USAGE = 2;
    static final int EXIT_STORE = 3;

    public static void main(String[] args) {
        // vcd never opens a window: its pictures (plots, evidence) are drawn in memory, also where $DISPLAY is set
        // but unreachable. An explicit -Djava.awt.headless is obeyed.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(commandLine().execute(args));
    }

    /** Runs one command line with the given output streams and returns its exit code; for in-process callers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    /** The command tree, each command and subcommand answering {@code --help} and {@code -h}. */
    static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Vcd());
        withHelp(root);
        return root;
    }

    private static void withHelp(CommandLine command) {
        // Help is checked before required options, so a command's --help works without them.
        command.getCommandSpec().mixinStandardHelpOptions(true);
        command.getSubcommands().values().forEach(Vcd::withHelp);
    }

    /** The command's stdout: the real one, or the writer an in-process caller gave {@link #run}. */
    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }

    /**
     * One error line on the command's stderr, prefixed so it stands out among other output. Control characters
     * (from hostile file names, say) are escaped, so a message is always exactly one line.
     */
    static void error(CommandSpec spec, String message) {
        StringBuilder line = new StringBuilder("vcd: error: ");
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                line.append(String.format("\\u%04x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        spec.commandLine().getErr().println(line);
    }
}
