package org.vcd.deploy.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys created and revoked without a restart (same application as {@link ApiTest}), and GET /me. */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class KeysTest {

    @Inject
    EntityManager database;

    @Test
    void aCreatedKeyWorksAtOnceIsStoredHashedAndIsRefusedOnceRevoked() throws Exception {
        Response created = create("moderator", "night shift");
        created.then().statusCode(201).body("role", equalTo("moderator")).body("label", equalTo("night shift"))
                .body("created_by", equalTo("admin-1"));
        String id = created.path("id");
        String key = created.path("key");
        assertTrue(key.length() >= ApiKeys.MIN_LENGTH, key);

        given().header("X-API-Key", key).get("/api/v1/checks").then().statusCode(200);
        given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo(id)).body("role", equalTo("moderator")).body("label", equalTo("night shift"))
                .body("configured", equalTo(false));
        given().header("X-API-Key", key).get("/api/v1/keys").then().statusCode(403);

        ApiTest.admin().get("/api/v1/keys").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.label", equalTo("night shift"))
                .body("find { it.id == '" + id + "' }.configured", equalTo(false))
                .body("find { it.id == 'admin-1' }.configured", equalTo(true))
                .body("find { it.id == 'moderator-1' }.role", equalTo("moderator"))
                .body("key", not(hasItem(key)))
                .body(not(containsString(key)));

        // The table holds the key's SHA-256 digest and nothing from which the key could be read.
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> database
                .createNativeQuery("select * from vcd_api_key where id = ?1").setParameter(1, id).getResultList());
        assertEquals(1, rows.size());
        String row = Arrays.deepToString((Object[]) rows.get(0));
        assertFalse(row.contains(key), "the key is not stored in clear: " + row);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        assertTrue(row.contains(digest), "the row holds the key's digest: " + row);

        ApiTest.admin().delete("/api/v1/keys/" + id).then().statusCode(204);
        given().header("X-API-Key", key).get("/api/v1/checks").then().statusCode(401);
        given().header("X-API-Key", key).get("/api/v1/me").then().statusCode(401);
        ApiTest.admin().get("/api/v1/keys").then().body("id", not(hasItem(id)));
        ApiTest.admin().delete("/api/v1/keys/" + id).then().statusCode(404).body("error", containsString(id));
    }

    @Test
    void aCreatedAdminKeyManagesKeysToo() {
        String admin = create("Admin", null).then().statusCode(201).body("label", nullValue()).extract().path("key");
        String adminId = given().header("X-API-Key", admin).get("/api/v1/me").then().statusCode(200)
                .body("role", equalTo("admin")).extract().path("id");
        Response made = given().header("X-API-Key", admin).contentType(ContentType.JSON)
                .body(Map.of("role", "moderator")).post("/api/v1/keys");
        made.then().statusCode(201).body("created_by", equalTo(adminId));
        given().header("X-API-Key", admin).delete("/api/v1/keys/" + made.path("id")).then().statusCode(204);
        ApiTest.admin().delete("/api/v1/keys/" + adminId).then().statusCode(204);
        given().header("X-API-Key", admin).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void moderatorsCannotManageKeysAndConfiguredKeysAreNotRevocable() {
        ApiTest.moderator().get("/api/v1/keys").then().statusCode(403).body("error", containsString("role"));
        ApiTest.moderator().contentType(ContentType.JSON).body(Map.of("role", "admin")).post("/api/v1/keys")
                .then().statusCode(403);
        ApiTest.moderator().delete("/api/v1/keys/admin-1").then().statusCode(403);
        ApiTest.moderator().get("/api/v1/me").then().statusCode(200).body("id", equalTo("moderator-1"))
                .body("role", equalTo("moderator")).body("configured", equalTo(true));
        ApiTest.admin().get("/api/v1/me").then().statusCode(200).body("id", equalTo("admin-1"))
                .body("role", equalTo("admin"));
        given().get("/api/v1/me").then().statusCode(401);

        ApiTest.admin().delete("/api/v1/keys/admin-1").then().statusCode(409).body("error", containsString("configured"));
        ApiTest.admin().get("/api/v1/me").then().statusCode(200);
        create("owner", null).then().statusCode(400).body("error", containsString("role"));
        create("moderator", "x".repeat(InputLimits.LABEL + 1)).then().statusCode(400).body("error", containsString("label"));
        ApiTest.admin().contentType(ContentType.JSON).body("{}").post("/api/v1/keys").then().statusCode(400);
    }

    private static Response create(String role, String label) {
        Map<String, String> body = label == null ? Map.of("role", role) : Map.of("role", role, "label", label);
        return ApiTest.admin().contentType(ContentType.JSON).body(body).post("/api/v1/keys");
    }
}
