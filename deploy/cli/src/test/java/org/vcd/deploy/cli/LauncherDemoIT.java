package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command as a newcomer runs it: the ./vcd launcher on the packaged application. */
class LauncherDemoIT {

    @Test
    void demoLocatesTheCopyAndClearsTheUnrelatedVideo(@TempDir Path work) throws Exception {
        Path root = Path.of(System.getProperty("vcd.root")).toRealPath();
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("vcd").toString(), "demo",
                "--work", work.toString()).redirectErrorStream(true);
        builder.environment().put("VCD_NATIVE_CACHE", System.getProperty("vcd.native.cache"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "demo timed out");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Demo passed"), output);
    }
}
