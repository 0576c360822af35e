package org.vcd.deploy.cli.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the audit's arguments into the list of inputs: a file is itself (even when missing: it gets an error
 * line, not silence), a folder is every file under it with a video extension (hidden files and folders
 * skipped), a pattern with glob characters is every file it matches ({@code **} crosses folders), a URL is
 * itself, and a list file holds one of those per line. Each input appears once, in argument order, folders
 * and patterns in sorted order.
 */
public final class InputExpander {

    /** What the arguments named, and one warning per argument that named nothing. */
    public record Expansion(List<AuditInput> inputs, List<String> warnings) {
    }

    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

    private final Set<String> extensions;
    private final Map<String, AuditInput> inputs = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private InputExpander(Set<String> extensions) {
        this.extensions = extensions;
    }

    /**
     * @param arguments  files, folders, glob patterns or URLs; relative paths against the working directory
     * @param lists      list files: one argument per line, blank lines and lines starting with '#' skipped,
     *                   relative paths against the list file's folder
     * @param extensions extensions (lower case, no dot) taken from folders; empty takes every file
     * @throws IOException when a list file or a folder cannot be read
     */
    public static Expansion expand(List<String> arguments, List<Path> lists, Set<String> extensions)
            throws IOException {
        InputExpander expander = new InputExpander(extensions);
        Path here = Path.of("").toAbsolutePath();
        for (String argument : arguments) {
            expander.add(argument, here);
        }
        for (Path list : lists) {
            Path folder = list.toAbsolutePath().getParent();
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    expander.add(entry, folder);
                }
            }
        }
        return new Expansion(List.copyOf(expander.inputs.values()), List.copyOf(expander.warnings));
    }

    private void add(String argument, Path base) throws IOException {
        if (URL.matcher(argument).matches()) {
            inputs.putIfAbsent(argument, AuditInput.url(argument));
            return;
        }
        Path path;
        try {
            path = base.resolve(argument).normalize();
        } catch (InvalidPathException e) {
            warnings.add("not a path: " + argument);
            return;
        }
        if (Files.isDirectory(path)) {
            int before = inputs.size();
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(p -> Files.isRegularFile(p) && !hidden(path, p) && wanted(p)).sorted()
                        .forEach(this::addFile);
            }
            if (inputs.size() == before) {
                warnings.add("no new video files in folder " + path);
            }
        } else if (!Files.exists(path) && GLOB.matcher(argument).find()) {
            addMatches(path);
        } else {
            addFile(path);
        }
    }

    private void addMatches(Path pattern) throws IOException {
        Path root = pattern.getRoot();
        int literal = 0;
        while (literal < pattern.getNameCount() && !GLOB.matcher(pattern.getName(literal).toString()).find()) {
            literal++;
        }
        Path start = literal == 0 ? root : root.resolve(pattern.subpath(0, literal));
        // Without ** a pattern has a fixed depth: no need to walk deeper than it.
        int depth = pattern.toString().contains("**") ? Integer.MAX_VALUE : pattern.getNameCount() - literal;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int before = inputs.size();
        if (Files.isDirectory(start)) {
            try (Stream<Path> files = Files.walk(start, depth)) {
                files.filter(p -> Files.isRegularFile(p) && matcher.matches(p)).sorted().forEach(this::addFile);
            }
        }
        if (inputs.size() == before) {
            warnings.add("pattern matched no new files: " + pattern);
        }
    }

    private void addFile(Path file) {
        long bytes;
        try {
            bytes = Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            bytes = -1; // unreadable: the check will say why
        }
        String name = file.toString();
        inputs.putIfAbsent(name, new AuditInput(name, file, bytes));
    }

    private boolean wanted(Path file) {
        if (extensions.isEmpty()) {
            return true;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Hidden below the folder the user named (dot files, partial downloads); the named folder itself may be. */
    private static boolean hidden(Path folder, Path file) {
        for (Path part : folder.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
