package org.vcd.deploy.service;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The retention settings in their own application: vcd.retention.keep-failed-uploads keeps a failed check's upload,
 * and with a short vcd.retention.max-age the periodic sweep deletes the check and its files once it is that old.
 */
@QuarkusTest
@TestProfile(RetentionSettingsTest.ShortRetention.class)
@QuarkusTestResource(ServiceTestData.class)
class RetentionSettingsTest {

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vcd.retention.keep-failed-uploads", "true", "vcd.retention.max-age", "15s",
                    "vcd.retention.sweep-every", "1s");
        }
    }

    @ConfigProperty(name = "vcd.data")
    Path data;

    @Test
    void aKeptFailedUploadStaysUntilTheSweepExpiresTheCheck() throws Exception {
        Path broken = ServiceTestData.truncatedCopy("truncated-kept.mp4");
        String id = ApiTest.moderator().multiPart("file", broken.toFile(), "video/mp4").queryParam("wait", 60)
                .post("/api/v1/checks").then().statusCode(200).body("status", equalTo("failed")).extract().path("id");
        Path upload = data.resolve("checks").resolve(id).resolve("query.mp4");
        assertTrue(Files.isRegularFile(upload), "the failed check's upload is kept");
        ApiTest.moderator().get("/api/v1/checks/" + id + "/video").then().statusCode(200);

        long deadline = System.nanoTime() + 120_000_000_000L;
        while (ApiTest.moderator().get("/api/v1/checks/" + id).statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        ApiTest.moderator().get("/api/v1/checks/" + id).then().statusCode(404);
        assertTrue(Files.notExists(upload.getParent()), "the sweep deleted the check's folder");
    }
}
