package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand prints its help and exits 0 on --help and -h, required options or not. */
class HelpTest {

    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        walk(Vcd.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "the tree holds every command: " + paths);
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun run = CliRun.vcd(args.toArray(String[]::new));
                assertEquals(0, run.exit(), args + ": " + run.err());
                assertTrue(run.out().startsWith("Usage: vcd" + (path.isEmpty() ? "" : " " + String.join(" ", path))),
                        args + " printed: " + run.out());
                assertEquals("", run.err(), args.toString());
            }
        }
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> child = new ArrayList<>(path);
            child.add(name);
            walk(sub, child, paths);
        });
    }
}
