package org.vcd.testdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The train/evaluation split of source footage, decided by file names alone so every command and machine
 * agrees. A file's split key is its file name (without folders), or, when it belongs to a group of related
 * footage ({@link #relatedGroups()}), the first file name of its group, so related files stay together. The
 * file trains models when the first two bytes of the SHA-256 of the key's UTF-8 bytes, read as an unsigned
 * big-endian number, modulo 100 are below {@link #TRAIN_PERCENT}; otherwise it is for evaluation. The
 * benchmark draws only from the evaluation part by default and every model-training command only from the
 * training part, so no footage is both trained on and scored on.
 */
public enum Split {
    TRAIN, EVAL;

    /** About this share of the files train models; the rest (more, since the benchmark needs many sources) evaluate. */
    public static final int TRAIN_PERCENT = 35;

    /** Related footage in a known corpus: same scene (near-duplicates) or excerpts of one film. */
    public record RelatedGroup(boolean nearDuplicate, List<String> fileNames) {
        public RelatedGroup {
            fileNames = List.copyOf(fileNames);
        }
    }

    private static final List<RelatedGroup> GROUPS = loadGroups();
    private static final Map<String, String> KEYS = groupKeys(GROUPS);

    /** The part {@code file} belongs to. */
    public static Split of(Path file) {
        return ofName(file.getFileName().toString());
    }

    public static Split ofName(String fileName) {
        String key = KEYS.getOrDefault(fileName, fileName);
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        int bucket = (((hash[0] & 0xff) << 8) | (hash[1] & 0xff)) % 100;
        return bucket < TRAIN_PERCENT ? TRAIN : EVAL;
    }

    /** The groups of related footage known to the project (from {@code related-footage.txt} beside this class). */
    public static List<RelatedGroup> relatedGroups() {
        return GROUPS;
    }

    /** Which sources a command uses: one part, or all of them. */
    public enum Choice {
        EVAL, TRAIN, ALL;

        public boolean includes(Path file) {
            return this == ALL || of(file).name().equals(name());
        }
    }

    private static List<RelatedGroup> loadGroups() {
        List<RelatedGroup> groups = new ArrayList<>();
        try (InputStream in = Split.class.getResourceAsStream("related-footage.txt")) {
            if (in == null) {
                throw new IllegalStateException("related-footage.txt is missing from the testdata jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.split("\\s+");
                groups.add(new RelatedGroup(words[0].equals("near-duplicate"),
                        List.of(words).subList(1, words.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(groups);
    }

    private static Map<String, String> groupKeys(List<RelatedGroup> groups) {
        Map<String, String> keys = new HashMap<>();
        for (RelatedGroup group : groups) {
            for (String name : group.fileNames()) {
                keys.put(name, group.fileNames().get(0));
            }
        }
        return keys;
    }
}
