package org.vcd.deploy.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcd.testdata.SyntheticVideo;

/**
 * Load benchmark (not a test): the packaged service on loopback, one reference, then many clients submitting a
 * short generated clip (the reference's first seconds, so every check finds a match) as fast as they are
 * answered for a fixed window. The service's queue is bounded ({@code --max-queued}): past it a submission gets
 * 503 and that client waits {@value #REFUSED_BACKOFF_MS} ms before trying again, as a polite client would, so the
 * accepted work stays drainable. Reports submissions accepted and refused, acceptance latency, end-to-end latency
 * (submitted_at to finished_at, from the service), completed checks per second, and whether every accepted check
 * finished. Bounded in time: the window, then at most {@code --drain} seconds for the queue to empty.
 *
 * <pre>mvn -B -Pload-benchmark verify -pl deploy/service -am -DskipTests [-Dload-benchmark.args="--clients 8"]</pre>
 * runs it after packaging (see docs/benchmarks/service.md). Options: [--clients 16] [--seconds 60] [--workers 2]
 * [--max-queued 32] [--clip-seconds 6] [--drain 600] [--app .../quarkus-app/quarkus-run.jar] [--work DIR]
 */
public final class LoadBenchmark {

    static final int REFUSED_BACKOFF_MS = 250;

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
    private static final Pattern SUBMITTED = Pattern.compile("\"submitted_at\":\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finished_at\":\"([^\"]+)\"");
    private static final Pattern MATCHES = Pattern.compile("\"matches\":\\[\\{\"reference\":\"bench-reference\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "2"));
        int clipSeconds = Integer.parseInt(options.getOrDefault("clip-seconds", "6"));
        int drain = Integer.parseInt(options.getOrDefault("drain", "600"));
        int maxQueued = Integer.parseInt(options.getOrDefault("max-queued", "32"));
        Path app = Path.of(options.getOrDefault("app", "deploy/service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(options.getOrDefault("work",
                System.getProperty("java.io.tmpdir") + "/vcd-load-benchmark")));

        Path reference = work.resolve("reference.mp4");
        Path clip = work.resolve("clip-" + clipSeconds + "s.mp4");
        if (!Files.isRegularFile(reference)) {
            SyntheticVideo.write(reference, 11, 30, 320, 240, 25);
        }
        if (!Files.isRegularFile(clip)) {
            SyntheticVideo.write(clip, 11, clipSeconds, 320, 240, 25); // same seed: the reference's first seconds
        }
        Path data = work.resolve("data-" + System.currentTimeMillis());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (PackagedService service = PackagedService.start(app, data, workers, Map.of("VCD_MAX_QUEUED", Integer.toString(maxQueued)))) {
            HttpResponse<String> added = http.send(multipart(service, "/api/v1/references", PackagedService.ADMIN_KEY,
                    reference, "bench-reference"), HttpResponse.BodyHandlers.ofString());
            if (added.statusCode() != 201) {
                throw new IllegalStateException("cannot add the reference: " + added.body());
            }
            byte[] clipBody = Files.readAllBytes(clip);
            List<String> accepted = new CopyOnWriteArrayList<>();
            List<Long> acceptNanos = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(multipart(service, "/api/v1/checks",
                                    PackagedService.MODERATOR_KEY, clipBody, null), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202 || r.statusCode() == 200) {
                                acceptNanos.add(System.nanoTime() - t0);
                                Matcher m = ID.matcher(r.body());
                                m.find();
                                accepted.add(m.group(1));
                            } else {
                                refused.incrementAndGet();
                                Thread.sleep(REFUSED_BACKOFF_MS);
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
            double submitSeconds = (System.nanoTime() - start) / 1e9;

            // Drain: every accepted check must finish, and must find the reference.
            long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drain);
            List<Double> endToEnd = new ArrayList<>();
            int done = 0;
            int failed = 0;
            int matched = 0;
            Instant firstSubmitted = null;
            Instant lastFinished = null;
            for (String id : accepted) {
                String body;
                String status;
                do {
                    body = http.send(HttpRequest.newBuilder(service.uri("/api/v1/checks/" + id))
                            .header("X-API-Key", PackagedService.MODERATOR_KEY).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    status = group(STATUS, body);
                    if (!"done".equals(status) && !"failed".equals(status)) {
                        Thread.sleep(500);
                    }
                } while (!"done".equals(status) && !"failed".equals(status) && System.nanoTime() < drainEnd);
                if ("done".equals(status) || "failed".equals(status)) {
                    Instant submitted = Instant.parse(group(SUBMITTED, body));
                    Instant finished = Instant.parse(group(FINISHED, body));
                    endToEnd.add(Duration.between(submitted, finished).toMillis() / 1000.0);
                    firstSubmitted = firstSubmitted == null || submitted.isBefore(firstSubmitted) ? submitted : firstSubmitted;
                    lastFinished = lastFinished == null || finished.isAfter(lastFinished) ? finished : lastFinished;
                    if ("done".equals(status)) {
                        done++;
                        matched += MATCHES.matcher(body).find() ? 1 : 0;
                    } else {
                        failed++;
                    }
                }
            }
            List<Double> accept = acceptNanos.stream().map(n -> n / 1e6).sorted().toList();
            Collections.sort(endToEnd);
            double busySeconds = firstSubmitted == null ? 0 : Duration.between(firstSubmitted, lastFinished).toMillis() / 1000.0;
            System.out.printf("clients %d, submission window %.1f s, workers %d, max-queued %d, clip %d s (%d bytes), "
                    + "cores %d%n", clients, submitSeconds, workers, maxQueued, clipSeconds, clipBody.length,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("submissions: accepted %d (%.1f/s), refused %d, transport errors %d%n",
                    accepted.size(), accepted.size() / submitSeconds, refused.get(), errors.get());
            System.out.printf("acceptance latency ms: p50 %.0f, p95 %.0f, max %.0f%n",
                    pct(accept, 50), pct(accept, 95), pct(accept, 100));
            System.out.printf("finished: done %d (matched the reference %d), failed %d, unfinished %d%n",
                    done, matched, failed, accepted.size() - done - failed);
            System.out.printf("check throughput: %.2f checks/s (first submission to last finish, %.1f s)%n",
                    busySeconds == 0 ? 0 : (done + failed) / busySeconds, busySeconds);
            System.out.printf("end-to-end latency s (submitted to finished, includes queueing): p50 %.1f, p95 %.1f, max %.1f%n",
                    pct(endToEnd, 50), pct(endToEnd, 95), pct(endToEnd, 100));
            System.out.println(done == accepted.size() && matched == done
                    ? "every accepted check finished and found the reference"
                    : "NOT every accepted check finished with a match");
        }
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private static HttpRequest multipart(PackagedService service, String path, String key, Path file, String id)
            throws IOException {
        return multipart(service, path, key, Files.readAllBytes(file), id);
    }

    /** A multipart POST of {@code video} as the part 'file' (and {@code id} as the part 'id' unless null). */
    static HttpRequest multipart(PackagedService service, String path, String key, byte[] video, String id)
            throws IOException {
        String boundary = "vcd-load-benchmark";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (id != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + id + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(video);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(service.uri(path)).header("X-API-Key", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
