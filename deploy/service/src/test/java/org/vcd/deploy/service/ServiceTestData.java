package org.vcd.deploy.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vcd.testdata.CopyFixture;

/**
 * A fresh data folder for the service under test (so every run starts from an empty store and database files),
 * and the generated copy fixture the tests upload.
 */
public class ServiceTestData implements QuarkusTestResourceLifecycleManager {

    static final String ADMIN_KEY = "test-admin-key-0123456789";
    static final String MODERATOR_KEY = "test-moderator-key-0123456789";
    static final Path TARGET = Path.of("target").toAbsolutePath();

    private static CopyFixture fixture;

    /** Generated once per build folder and reused (CopyFixture checks its manifest). */
    static synchronized CopyFixture fixture() {
        if (fixture == null) {
            try {
                fixture = CopyFixture.create(TARGET.resolve("copy-fixture"), 7);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fixture;
    }

    /** The fixture's copy cut to 4000 bytes: it passes the magic-byte check but does not decode. */
    static Path truncatedCopy(String name) throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(fixture().copy()), 4000);
        return Files.write(TARGET.resolve(name), truncated);
    }

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(TARGET);
            Path data = Files.createTempDirectory(TARGET, "service-data-");
            return Map.of("vcd.data", data.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the folder stays under target/ for inspection after a failure
    }
}
