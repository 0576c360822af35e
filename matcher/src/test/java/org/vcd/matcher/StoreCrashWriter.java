package org.vcd.matcher;

import java.nio.file.Path;

/**
 * Child process for {@link LuceneFrameStoreCrashTest}: adds large videos forever, printing each id once its
 * add has returned (acknowledged), until it is killed.
 */
public final class StoreCrashWriter {

    static final int FRAMES = 3000;

    public static void main(String[] args) {
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(Path.of(args[0]), TestVideos.SPEC)) {
            for (int i = 0; ; i++) {
                store.add("video-" + i, TestVideos.video(i, FRAMES));
                System.out.println("video-" + i);
                System.out.flush();
            }
        }
    }
}
