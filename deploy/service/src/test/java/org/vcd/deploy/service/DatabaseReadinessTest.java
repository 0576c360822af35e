package org.vcd.deploy.service;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the database: the service runs on an H2 server reached over TCP (as it would reach
 * PostgreSQL). While that server is stopped, /q/health/ready answers 503 with the datasource check down and the
 * frame store still up; once it is back, the service is ready again.
 */
@QuarkusTest
@TestProfile(DatabaseReadinessTest.OverTcp.class)
class DatabaseReadinessTest {

    /** The name Quarkus gives its datasource readiness check. */
    static final String DATASOURCE_CHECK = "Database connections health check";

    static Server database;
    static String[] serverArguments;

    public static class OverTcp implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseServer.class));
        }
    }

    /** An H2 TCP server on a free loopback port that holds the service's database. */
    public static class DatabaseServer implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                serverArguments = new String[] {"-tcpPort", Integer.toString(port), "-baseDir",
                        Files.createTempDirectory(ServiceTestData.TARGET, "readiness-db-").toString(), "-ifNotExists"};
                database = Server.createTcpServer(serverArguments).start();
                return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:tcp://127.0.0.1:" + port + "/vcd");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            database.stop();
        }
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndUpWhenItIsBack() throws Exception {
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        database.stop();
        RestAssured.given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + DATASOURCE_CHECK + "' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'frame-store' }.status", equalTo("UP"));

        database = Server.createTcpServer(serverArguments).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (RestAssured.given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // The pool serves the application again too.
        ApiTest.moderator().get("/api/v1/checks").then().statusCode(200);
    }
}
