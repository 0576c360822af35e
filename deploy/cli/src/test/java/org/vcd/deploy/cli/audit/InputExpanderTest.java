package org.vcd.deploy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputExpanderTest {

    @TempDir
    Path root;

    private Path file(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static List<String> names(InputExpander.Expansion expansion) {
        return expansion.inputs().stream().map(AuditInput::name).toList();
    }

    @Test
    void aFolderGivesItsVideoFilesRecursivelyInSortedOrderSkippingHiddenOnes() throws IOException {
        Path b = file("archive/b.mp4", "x");
        Path a = file("archive/deep/er/a.MKV", "xy");
        file("archive/notes.txt", "not taken from a folder");
        file("archive/.partial-c.mp4", "hidden");
        file("archive/.cache/d.mp4", "hidden folder");
        InputExpander.Expansion expansion = InputExpander.expand(List.of(root.resolve("archive").toString()),
                List.of(), AuditConfig.VIDEO_EXTENSIONS);
        assertEquals(List.of(b.toString(), a.toString()), names(expansion));
        assertEquals(List.of(), expansion.warnings());
        assertEquals(2, expansion.inputs().get(1).bytes());
    }

    @Test
    void noExtensionsTakesEveryFileFromAFolder() throws IOException {
        file("archive/b.mp4", "x");
        file("archive/notes.txt", "y");
        assertEquals(2, InputExpander.expand(List.of(root.resolve("archive").toString()), List.of(), Set.of())
                .inputs().size());
    }

    @Test
    void aNamedFileIsAnInputEvenWhenMissingOrNotAVideoAndEachInputAppearsOnce() throws IOException {
        Path text = file("notes.txt", "explicitly named");
        Path missing = root.resolve("gone.mp4");
        InputExpander.Expansion expansion = InputExpander.expand(
                List.of(text.toString(), missing.toString(), root.resolve("./notes.txt").toString()), List.of(),
                AuditConfig.VIDEO_EXTENSIONS);
        assertEquals(List.of(text.toString(), missing.toString()), names(expansion));
        assertEquals(-1, expansion.inputs().get(1).bytes());
    }

    @Test
    void globPatternsMatchWithinAFolderOrAcrossFoldersWithTwoStars() throws IOException {
        Path top = file("v/top.mp4", "x");
        Path nested = file("v/sub/nested.mp4", "x");
        file("v/sub/other.mkv", "x");
        assertEquals(List.of(top.toString()),
                names(InputExpander.expand(List.of(root + "/v/*.mp4"), List.of(), Set.of())));
        assertEquals(List.of(nested.toString(), top.toString()),
                names(InputExpander.expand(List.of(root + "/v/**.mp4"), List.of(), Set.of())));
        InputExpander.Expansion none = InputExpander.expand(List.of(root + "/v/*.avi"), List.of(), Set.of());
        assertEquals(List.of(), none.inputs());
        assertTrue(none.warnings().get(0).startsWith("pattern matched no new files"), none.warnings().toString());
    }

    @Test
    void aListFileHoldsPathsRelativeToItselfUrlsAndComments() throws IOException {
        Path video = file("lists/clips/one.mp4", "x");
        Path list = file("lists/inputs.txt", """
                # the March batch
                clips/one.mp4

                https://cdn.example.com/upload/42.mp4
                clips
                """);
        InputExpander.Expansion expansion = InputExpander.expand(List.of(), List.of(list),
                AuditConfig.VIDEO_EXTENSIONS);
        assertEquals(List.of(video.toString(), "https://cdn.example.com/upload/42.mp4"), names(expansion));
        assertNull(expansion.inputs().get(1).file());
        assertEquals(List.of("no new video files in folder " + root.resolve("lists/clips")), expansion.warnings());
    }

    @Test
    void aMissingListFileIsAnError() {
        assertThrows(IOException.class, () -> InputExpander.expand(List.of(), List.of(root.resolve("none.txt")),
                Set.of()));
    }
}
