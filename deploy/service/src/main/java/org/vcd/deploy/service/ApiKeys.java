package org.vcd.deploy.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The API keys and their roles: those configured (fixed until a restart) and those admins create and revoke through
 * the API ({@link IssuedKey} rows, looked up on every request, so a revoked key is refused at once and every
 * instance sharing the database sees the same keys). Keys are held only as SHA-256 digests, so a lookup compares
 * digests, not secrets. When no key is configured at all, one random admin key is made for this run and written to
 * {@link #GENERATED_KEY_FILE} in the data folder, readable by the service's user only: the service never starts
 * with a key anyone could know in advance, and the secret never reaches the log (logs are shipped and kept).
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    /** Shorter keys are refused at startup: an API key is the only secret standing between the internet and takedowns. */
    static final int MIN_LENGTH = 16;

    /**
     * Who holds a key: its id ("admin-1", "key-0f3a…"), which names the holder in logs and verdicts (never the key
     * itself), the role, the label given at creation, and whether it is configured (not revocable through the API).
     */
    public record Holder(String id, Roles.Role role, String label, boolean configured) {
    }

    /** Random bytes of a created key: as strong as a 256-bit secret, so an unsalted digest is enough. */
    private static final int CREATED_KEY_BYTES = 32;

    /** Where the one-off admin key of a run without configured keys is written, in the data folder. */
    static final String GENERATED_KEY_FILE = "generated-admin-key";

    private final Map<String, Holder> byDigest = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ApiKeys(ServiceConfig config, DataFolder data) {
        add(config.auth().adminKeys().orElse(List.of()), Roles.Role.ADMIN);
        int admins = byDigest.size();
        add(config.auth().moderatorKeys().orElse(List.of()), Roles.Role.MODERATOR);
        Path file = data.root().resolve(GENERATED_KEY_FILE);
        try {
            // A key file of an earlier run holds a key that no longer works: it goes either way.
            Files.deleteIfExists(file);
            if (byDigest.isEmpty()) {
                String key = randomKey(24);
                try (var out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                    out.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.US_ASCII)));
                }
                byDigest.put(digest(key), new Holder("admin-generated", Roles.Role.ADMIN, null, true));
                LOG.warnf("No API keys configured (VCD_AUTH_ADMIN_KEYS, VCD_AUTH_MODERATOR_KEYS): made a one-off admin "
                        + "key for this run only and wrote it to %s (readable by this user only)", file);
            } else if (admins == 0) {
                LOG.warnf("No admin API key configured (VCD_AUTH_ADMIN_KEYS), only moderator keys: nobody can add or "
                        + "take down references until an admin key is set and the service restarted");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or remove " + file + ": " + e.getMessage(), e);
        }
    }

    void logKeyCount(@Observes StartupEvent started) {
        LOG.infof("%d API key(s) configured", byDigest.size());
    }

    /** A configured key's holder, without touching the database. */
    public Optional<Holder> configured(String key) {
        return Optional.ofNullable(byDigest.get(digest(key)));
    }

    /** A created key's holder: blocking, it reads the database. */
    public Optional<Holder> created(String key) {
        String digest = digest(key);
        return Library.read(() -> IssuedKey.<IssuedKey>find("digest", digest).firstResultOptional()
                .map(row -> new Holder(row.id, row.role, row.label, false)));
    }

    /** Makes a key; the result is the only place the key itself ever appears. */
    public Views.CreatedKey create(Roles.Role role, String label, String by) {
        String key = randomKey(CREATED_KEY_BYTES);
        IssuedKey row = new IssuedKey();
        row.id = "key-" + HexFormat.of().formatHex(randomBytes(6));
        row.digest = digest(key);
        row.role = role;
        row.label = label;
        row.createdAt = Instant.now();
        row.createdBy = by;
        QuarkusTransaction.requiringNew().run(row::persist);
        return new Views.CreatedKey(row.id, role.apiName(), label, row.createdAt, by, key);
    }

    /** The configured keys (in configuration order), then the created ones, oldest first; never a key itself. */
    public List<Views.ApiKey> list() {
        List<Views.ApiKey> all = new ArrayList<>();
        byDigest.values().forEach(h -> all.add(new Views.ApiKey(h.id(), h.role().apiName(), h.label(), null, null, true)));
        Library.read(() -> IssuedKey.<IssuedKey>list("order by createdAt, id")).forEach(row ->
                all.add(new Views.ApiKey(row.id, row.role.apiName(), row.label, row.createdAt, row.createdBy, false)));
        return all;
    }

    /** Deletes a created key: 404 when there is none, 409 for a configured one (configuration changes it). */
    public void revoke(String id) {
        if (byDigest.values().stream().anyMatch(h -> h.id().equals(id))) {
            throw new RefusedInput(409, "key " + id + " is configured (vcd.auth.*): remove it there and restart");
        }
        if (!QuarkusTransaction.requiringNew().call(() -> IssuedKey.deleteById(id))) {
            throw RefusedInput.notFound("no key " + id);
        }
    }

    private String randomKey(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private void add(List<String> keys, Roles.Role role) {
        int n = 0;
        for (String key : keys) {
            String trimmed = key.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() < MIN_LENGTH) {
                throw new IllegalStateException("an " + role.apiName() + " API key is shorter than " + MIN_LENGTH
                        + " characters; use a long random key (e.g. openssl rand -base64 24)");
            }
            if (byDigest.putIfAbsent(digest(trimmed), new Holder(role.apiName() + "-" + ++n, role, null, true)) != null) {
                throw new IllegalStateException("the same API key is configured twice");
            }
        }
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
