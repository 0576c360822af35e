package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./vcd serve --help} prints the service's help through the launcher and starts no server. */
class LauncherHelpIT {

    @Test
    void serveHelpPrintsHelpAndExits() throws Exception {
        Path root = Path.of(System.getProperty("vcd.root")).toRealPath();
        for (String flag : new String[] {"--help", "-h"}) {
            ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("vcd").toString(), "serve", flag);
            builder.environment().put("VCD_NATIVE_CACHE", System.getProperty("vcd.native.cache"));
            Process process = builder.redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "serve " + flag + " did not exit");
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.startsWith("Usage: vcd serve"), output);
        }
    }
}
