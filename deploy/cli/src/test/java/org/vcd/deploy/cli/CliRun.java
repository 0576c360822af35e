package org.vcd.deploy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the vcd command line: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun vcd(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Vcd.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
