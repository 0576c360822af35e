package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repository's `vcd` launcher rebuilds a jar older than the sources, for `vcd serve` and the command line alike,
 * and only then. It runs in bash on a copy of the launcher in a scratch tree, with stand-ins for `mvn` (records the
 * build and writes the jar) and `java` (records what would run), so no real build is needed.
 */
class LauncherRebuildTest {

    static final Path LAUNCHER = Path.of("../../vcd").toAbsolutePath().normalize();
    static final FileTime EARLIER = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    static final FileTime LATER = FileTime.from(Instant.parse("2021-01-01T00:00:00Z"));

    @Test
    void aJarOlderThanAMainSourceOrPomIsRebuiltBeforeItRuns() throws Exception {
        Path tree = Files.createTempDirectory(ServiceTestData.TARGET, "launcher-");
        Files.copy(LAUNCHER, tree.resolve("vcd"));
        Path calls = tree.resolve("calls.txt");
        Path bin = Files.createDirectories(tree.resolve("bin"));
        script(bin.resolve("mvn"), "echo \"mvn $*\" >> " + calls + "\n"
                + "mkdir -p deploy/service/target/quarkus-app deploy/service/target/quarkus-app-cluster deploy/cli/target\n"
                + "touch -d 2020-01-01 deploy/service/target/quarkus-app/quarkus-run.jar deploy/cli/target/vcd.jar\n");
        script(bin.resolve("java"), "echo \"java ${*: -1}\" >> " + calls + "\n");
        Path serviceJar = tree.resolve("deploy/service/target/quarkus-app/quarkus-run.jar");
        Path source = file(tree.resolve("ingest/src/main/java/Ingest.java"), EARLIER);
        Path test = file(tree.resolve("ingest/src/test/java/IngestTest.java"), EARLIER);
        file(tree.resolve("pom.xml"), EARLIER);

        // Not built yet: built (the stand-in leaves an old jar time; the launcher's touch makes it current), then run.
        assertEquals(List.of("mvn -B -q -DskipTests package -pl deploy/service -am -Dquarkus.datasource.db-kind=h2 "
                + "-Dquarkus.package.output-directory=quarkus-app", "java --port"), run(tree, calls, "serve", "--port"));
        assertEquals(List.of("java --port"), run(tree, calls, "serve", "--port"), "up to date: runs at once");

        Files.setLastModifiedTime(serviceJar, EARLIER);
        Files.setLastModifiedTime(source, LATER);
        assertEquals(2, run(tree, calls, "serve", "--port").size(), "a newer main source: built again");
        Files.setLastModifiedTime(test, FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(List.of("java --port"), run(tree, calls, "serve", "--port"), "test sources are not in the jar");

        // The cluster profile has its own build (PostgreSQL is fixed at build time).
        assertEquals(List.of("mvn -B -q -DskipTests package -pl deploy/service -am -Dquarkus.profile=cluster "
                + "-Dquarkus.package.output-directory=quarkus-app-cluster", "java --port"),
                run(tree, calls, Map.of("QUARKUS_PROFILE", "cluster"), "serve", "--port"));

        // The command line's jar, the same way; a pom counts too.
        file(tree.resolve("deploy/cli/target/vcd.jar"), LATER);
        Files.setLastModifiedTime(source, EARLIER);
        assertEquals(List.of("java check"), run(tree, calls, "check"));
        file(tree.resolve("deploy/cli/pom.xml"), FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(List.of("mvn -B -q -DskipTests package", "java check"), run(tree, calls, "check"));
    }

    private static List<String> run(Path tree, Path calls, String... arguments) throws IOException, InterruptedException {
        return run(tree, calls, Map.of(), arguments);
    }

    private static List<String> run(Path tree, Path calls, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        Files.deleteIfExists(calls);
        ProcessBuilder builder = new ProcessBuilder(tree.resolve("vcd").toString()).redirectErrorStream(true);
        builder.command().addAll(List.of(arguments));
        builder.environment().remove("QUARKUS_PROFILE");
        builder.environment().putAll(environment);
        builder.environment().put("PATH", tree.resolve("bin") + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        return Files.readAllLines(calls);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\nset -e\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path file(Path file, FileTime time) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, time);
        return file;
    }
}
