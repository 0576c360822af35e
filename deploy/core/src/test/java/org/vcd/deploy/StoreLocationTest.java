package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vcd.matcher.MilvusConfig;
import org.vcd.matcher.StoreException;

class StoreLocationTest {

    @Test
    void aPathIsAFolder() {
        StoreLocation location = StoreLocation.parse("some/dir", Map.of());
        assertEquals(Path.of("some/dir"), location.folder());
        assertNull(location.milvus());
    }

    @Test
    void aMilvusUriNamesServerDatabaseAndCollectionWithTheTokenFromTheEnvironment() {
        MilvusConfig milvus = StoreLocation.parse("milvus://db.example:19531/media/frames_v2?timeout=2.5&retries=7",
                Map.of(StoreLocation.TOKEN_VARIABLE, "root:Milvus")).milvus();
        assertEquals("http://db.example:19531", milvus.uri());
        assertEquals("media", milvus.database());
        assertEquals("frames_v2", milvus.collection());
        assertEquals("root:Milvus", milvus.token());
        assertEquals(Duration.ofMillis(2500), milvus.timeout());
        assertEquals(7, milvus.retries());
    }

    @Test
    void missingPartsTakeMilvusDefaultsAndTlsTakesHttps() {
        MilvusConfig milvus = StoreLocation.parse("milvus+tls://cluster", Map.of()).milvus();
        assertEquals("https://cluster:19530", milvus.uri());
        assertEquals(MilvusConfig.DEFAULT_DATABASE, milvus.database());
        assertEquals(MilvusConfig.DEFAULT_COLLECTION, milvus.collection());
        assertNull(milvus.token());
        assertEquals(MilvusConfig.DEFAULT_RETRIES, milvus.retries());
    }

    @Test
    void badLocationsAreRefusedInOneLine() {
        for (String bad : new String[] {"milvus://user:secret@host/db/c", "milvus://host/db/c/extra",
                "milvus://host/db/1bad", "milvus://host/db/c?retries=x", "milvus://host/db/c?colour=red",
                "milvus:///db/c"}) {
            StoreException e = assertThrows(StoreException.class, () -> StoreLocation.parse(bad, Map.of()), bad);
            assertTrue(e.getMessage().startsWith("bad store location "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("secret"), e.getMessage());
        }
    }
}
