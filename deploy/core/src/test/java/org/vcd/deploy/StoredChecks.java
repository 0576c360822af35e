package org.vcd.deploy;

import java.nio.file.Path;
import org.vcd.matcher.FrameStore;

/** Checks a query against a store folder with a pipeline, as {@code vcd check} does. */
final class StoredChecks {

    private StoredChecks() {
    }

    static CheckResult check(PipelineConfig pipeline, PipelineModels models, Path store, Path query) throws Exception {
        CopyDetector detector = CopyDetector.of(pipeline, models);
        try (FrameStore opened = detector.openStoreForReading(store)) {
            return detector.check(opened, query, query.getFileName().toString());
        }
    }
}
