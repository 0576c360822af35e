package org.vcd.deploy.service;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar) in its own JVM on a loopback port, as `./vcd serve`
 * runs it: for the restart test (killed with SIGKILL, started again) and the load benchmark.
 */
final class PackagedService implements AutoCloseable {

    static final String ADMIN_KEY = "packaged-admin-key-0123456789";
    static final String MODERATOR_KEY = "packaged-moderator-key-0123456789";

    final int port;
    final Path log;
    private final Process process;

    private PackagedService(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the application on a free loopback port with {@code data} as its data folder; returns once it is ready. */
    static PackagedService start(Path app, Path data, int workers, Map<String, String> env) throws IOException,
            InterruptedException {
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException("no packaged service at " + app + " (run mvn package first)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(data);
        Path log = data.resolve("service-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("vcd.native.cache",
                        System.getProperty("user.home") + "/.cache/vcd/javacpp"),
                "-jar", app.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "VCD_DATA", data.toString(),
                "VCD_WORKERS", Integer.toString(workers),
                "VCD_AUTH_ADMIN_KEYS", ADMIN_KEY,
                "VCD_AUTH_MODERATOR_KEYS", MODERATOR_KEY,
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
        builder.environment().putAll(env);
        PackagedService service = new PackagedService(port, log, builder.start());
        service.awaitReady(Duration.ofMinutes(4));
        return service;
    }

    /** A request to this service with {@code key} as X-API-Key. */
    RequestSpecification as(String key) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port).header("X-API-Key", key);
    }

    /** Adds {@code video} as reference {@code id} with the admin key. */
    void addReference(String id, Path video) {
        as(ADMIN_KEY).multiPart("file", video.toFile(), "video/mp4").multiPart("id", id)
                .post("/api/v1/references").then().statusCode(201);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; log:\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("service not ready after " + limit + "; log:\n" + Files.readString(log));
    }

    /**
     * SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. Sent through the process handle, which only
     * signals (Process.destroyForcibly also closes this side's pipes first).
     */
    /** Waits up to {@code seconds} for the process to end by itself; true when it did. */
    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
