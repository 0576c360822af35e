package org.vcd.deploy.service;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The configured API keys and their roles. Keys are held only as SHA-256 digests, so a lookup compares digests,
 * not secrets. When no key is configured at all, one random admin key is made for this run and written to
 * {@link #GENERATED_KEY_FILE} in the data folder, readable by the service's user only: the service never starts
 * with a key anyone could know in advance, and the secret never reaches the log (logs are shipped and kept).
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    /** Shorter keys are refused at startup: an API key is the only secret standing between the internet and takedowns. */
    static final int MIN_LENGTH = 16;

    /** Who holds a key: a display name ("admin-1") for logs and verdicts, never the key itself, and the roles. */
    public record Holder(String name, Set<String> roles) {
    }

    /** Where the one-off admin key of a run without configured keys is written, in the data folder. */
    static final String GENERATED_KEY_FILE = "generated-admin-key";

    private final Map<String, Holder> byDigest = new HashMap<>();

    ApiKeys(ServiceConfig config, DataFolder data) {
        add(config.auth().adminKeys().orElse(List.of()), Roles.ADMIN, Set.of(Roles.ADMIN, Roles.MODERATOR));
        int admins = byDigest.size();
        add(config.auth().moderatorKeys().orElse(List.of()), Roles.MODERATOR, Set.of(Roles.MODERATOR));
        Path file = data.root().resolve(GENERATED_KEY_FILE);
        try {
            // A key file of an earlier run holds a key that no longer works: it goes either way.
            Files.deleteIfExists(file);
            if (byDigest.isEmpty()) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try (var out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                    out.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.US_ASCII)));
                }
                byDigest.put(digest(key), new Holder("admin-generated", Set.of(Roles.ADMIN, Roles.MODERATOR)));
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

    public Optional<Holder> holder(String key) {
        return Optional.ofNullable(byDigest.get(digest(key)));
    }

    private void add(List<String> keys, String role, Set<String> roles) {
        int n = 0;
        for (String key : keys) {
            String trimmed = key.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() < MIN_LENGTH) {
                throw new IllegalStateException("an " + role + " API key is shorter than " + MIN_LENGTH
                        + " characters; use a long random key (e.g. openssl rand -base64 24)");
            }
            if (byDigest.putIfAbsent(digest(trimmed), new Holder(role + "-" + ++n, roles)) != null) {
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
