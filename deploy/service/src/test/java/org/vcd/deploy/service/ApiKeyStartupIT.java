package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service started without an admin key: with no key at all it writes a one-off admin key to an
 * owner-only file in the data folder (and never into the log); with only moderator keys it says that no admin
 * exists, and the stale key file of the earlier run is gone.
 */
class ApiKeyStartupIT {

    @Test
    void withoutKeysTheGeneratedAdminKeyGoesToAnOwnerOnlyFileNotTheLogAndWithOnlyModeratorsNoAdminIsReported()
            throws Exception {
        Path data = Files.createTempDirectory(ServiceTestData.TARGET, "keys-data-");
        Path keyFile = data.resolve(ApiKeys.GENERATED_KEY_FILE);
        try (PackagedService service = PackagedService.start(ServiceRestartIT.APP, data, 1,
                Map.of("VCD_AUTH_ADMIN_KEYS", "", "VCD_AUTH_MODERATOR_KEYS", ""))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            String key = Files.readString(keyFile).trim();
            assertTrue(key.length() >= ApiKeys.MIN_LENGTH, "a long random key");
            // Admin work is allowed: an unknown reference is 404, not 403.
            service.as(key).delete("/api/v1/references/nothing-here").then().statusCode(404);
            service.as(PackagedService.ADMIN_KEY).get("/api/v1/references").then().statusCode(401);
            String log = Files.readString(service.log);
            assertFalse(log.contains(key), "the key is not in the log");
            assertTrue(log.contains("wrote it to " + keyFile), log);
        }

        try (PackagedService service = PackagedService.start(ServiceRestartIT.APP, data, 1,
                Map.of("VCD_AUTH_ADMIN_KEYS", ""))) {
            assertFalse(Files.exists(keyFile), "the earlier run's key no longer works, so its file is removed");
            service.as(PackagedService.MODERATOR_KEY).get("/api/v1/references").then().statusCode(200);
            assertTrue(Files.readString(service.log).contains("No admin API key configured"));
        }
    }
}
