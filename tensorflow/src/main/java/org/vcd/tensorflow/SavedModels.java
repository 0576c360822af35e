package org.vcd.tensorflow;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/**
 * A trained model's folder: a SavedModel (written from a TF Java session, served by DJL) beside the files that
 * describe it (its json, its training log), and the copy of a committed model that ships on the class path.
 */
public final class SavedModels {

    /** The files of a SavedModel folder, relative to it. */
    public static final List<String> FILES = List.of("saved_model.pb", "variables/variables.index",
            "variables/variables.data-00000-of-00001");

    /** Every model's description file: snake_case, indented, unknown fields ignored (older readers, newer writers). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SavedModels() {
    }

    /** Writes {@code session}'s graph and variables with {@code signature} into {@code folder}, keeping its other files. */
    public static void export(Session session, Signature signature, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path parent = folder.toAbsolutePath().getParent();
        Path saved = Files.createTempDirectory(parent, ".export-");
        Files.delete(saved); // the exporter makes the folder itself
        try {
            SavedModelBundle.exporter(saved.toString()).withSession(session).withSignature(signature).export();
            for (String name : FILES) {
                Path to = folder.resolve(name);
                Files.createDirectories(to.getParent());
                Files.move(saved.resolve(name), to, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteTree(saved);
        }
    }

    /** Reads the description {@code file} (a record written by {@link #writeDescription}) from {@code folder}. */
    public static <D> D readDescription(Path folder, String file, Class<D> type) throws IOException {
        return JSON.readValue(folder.resolve(file).toFile(), type);
    }

    /** Writes {@code description} (a record) as {@code file} into {@code folder}. */
    public static void writeDescription(Path folder, String file, Object description) throws IOException {
        JSON.writeValue(folder.resolve(file).toFile(), description);
    }

    /** Loads the SavedModel in {@code folder} with DJL's TensorFlow engine (on TF Java's native library). */
    public static ZooModel<NDList, NDList> load(Path folder) throws IOException {
        TensorFlowNatives.prepare();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(folder)
                .optEngine("TensorFlow")
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("no SavedModel in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies a model committed on the class path ({@code resources}, a folder name ending in "/", read through
     * {@code owner}'s class loader) to a temporary folder removed at exit: the SavedModel's files plus {@code others}.
     */
    public static Path unpack(Class<?> owner, String resources, List<String> others) throws IOException {
        Path folder = Files.createTempDirectory("vcd-model-");
        unpackInto(folder, owner, resources, others);
        return folder;
    }

    /** As {@link #unpack}, into {@code folder} (made if missing), whose files are also removed at exit. */
    public static void unpackInto(Path folder, Class<?> owner, String resources, List<String> others)
            throws IOException {
        Files.createDirectories(folder);
        folder.toFile().deleteOnExit();
        List<String> names = new ArrayList<>(FILES);
        names.addAll(others);
        for (String name : names) {
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            try (InputStream in = owner.getResourceAsStream(resources + name)) {
                if (in == null) {
                    throw new IOException("the model at " + resources + " lacks " + name);
                }
                Files.copy(in, file);
            }
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
        }
    }

    /**
     * The start of the SHA-256 of the SavedModel's weights in {@code folder}: names a model, so that what one set of
     * weights made (a store's vectors, its keyframes) is never mistaken for another's.
     */
    public static String weightsHash(Path folder) throws IOException {
        return sha256(FILES.stream().filter(name -> name.startsWith("variables/")).map(folder::resolve).toList())
                .substring(0, 12);
    }

    /** The SHA-256 of {@code files}' bytes read one after the other, in hex. */
    public static String sha256(List<Path> files) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (Path file : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
