package org.vcd.testdata;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback for the tests of downloads: each path answers with a body, a bare status, a
 * redirect, or a handler of the test's own. Handlers run on their own threads, so one that stalls on purpose does
 * not hold up the others.
 */
public final class LoopbackHttp implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);

    private LoopbackHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.start();
    }

    /** A started server on a free port; paths can be added while it runs. */
    public static LoopbackHttp start() throws IOException {
        return new LoopbackHttp();
    }

    /** {@code path} answers 200 with {@code body}, its {@code Content-Length} and the given {@code Content-Type}. */
    public LoopbackHttp serve(String path, String contentType, byte[] body) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** {@code path} answers {@code status} with no body. */
    public LoopbackHttp status(String path, int status) {
        return handle(path, exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    /** {@code path} answers {@code status} (a 3xx) pointing at {@code location}. */
    public LoopbackHttp redirect(String path, int status, String location) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    /**
     * {@code path} declares {@code body}'s length, sends its first {@code sent} bytes and then nothing until the
     * server closes: a server that stalls mid-body.
     */
    public LoopbackHttp stall(String path, byte[] body, int sent) {
        return handle(path, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, sent);
                out.flush();
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // The client gave up, as it should.
            }
        });
    }

    public LoopbackHttp handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    /** {@code http://127.0.0.1:PORT/path}: the address it listens on ("localhost" may resolve to another). */
    public URI url(String path) {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
