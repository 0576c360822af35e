package org.vcd.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vcd.bench.KeyframeCurve;
import org.vcd.matcher.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vcd bench curve}: {@link KeyframeCurve} over finished runs. */
@Command(name = "curve", description = {
        "Plots segment F1 against stored frames per video second, one line per series (keyframe selector), from",
        "finished 'bench run' folders (their report.json and store/). Writes the plot as a PNG to --out and prints",
        "a Markdown table of the points (also written to --table)."})
final class CurveCommand implements Callable<Integer> {

    /** One {@code --run SERIES:LABEL=DIR}. */
    record Run(String series, String label, Path folder) {
    }

    /**
     * Parses {@code SERIES:LABEL=DIR} at the first ':' and the last '=': a label may hold both (e.g. {@code t=0.6}),
     * a series neither, a folder no '='.
     */
    static final class RunConverter implements CommandLine.ITypeConverter<Run> {
        @Override
        public Run convert(String value) {
            int equals = value.lastIndexOf('=');
            int colon = equals < 0 ? -1 : value.substring(0, equals).indexOf(':');
            if (colon <= 0 || colon == equals - 1 || equals == value.length() - 1) {
                throw new CommandLine.TypeConversionException("expected SERIES:LABEL=DIR, e.g. uniform:1fps=runs/a, "
                        + "not '" + value + "'");
            }
            return new Run(value.substring(0, colon), value.substring(colon + 1, equals),
                    Path.of(value.substring(equals + 1)));
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "SERIES:LABEL=DIR", converter = RunConverter.class,
            description = "A 'bench run' folder, its series (e.g. uniform, change) and its point's label "
                    + "(e.g. 'stride 2'); repeat for every point.")
    List<Run> runs;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The plot to write.")
    Path out;

    @Option(names = "--table", paramLabel = "FILE.md", description = "Also write the table to this file.")
    Path table;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Segment F1 against stored frames",
            description = "The plot's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--reference-f1", paramLabel = "F1", description = "Draw a dashed line at this F1, e.g. the "
            + "least a selector must reach.")
    Double referenceF1;

    @Option(names = "--reference-label", paramLabel = "TEXT", defaultValue = "reference",
            description = "The dashed line's label (default: ${DEFAULT-VALUE}).")
    String referenceLabel;

    @Override
    public Integer call() {
        if (referenceF1 != null && !(referenceF1 >= 0 && referenceF1 <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reference-f1 must be between 0 and 1");
        }
        List<KeyframeCurve.Point> points = new ArrayList<>();
        try {
            for (Run run : runs) {
                points.add(KeyframeCurve.read(run.series(), run.label(), run.folder()));
            }
        } catch (IllegalArgumentException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_BAD_INPUT;
        } catch (IOException e) {
            Vcd.error(spec, "cannot read a run's report: " + e.getMessage());
            return Vcd.EXIT_BAD_INPUT;
        } catch (StoreException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_STORE;
        }
        KeyframeCurve.Reference reference = referenceF1 == null ? null
                : new KeyframeCurve.Reference(referenceF1, referenceLabel);
        String markdown = KeyframeCurve.markdown(points);
        try {
            Files.write(out, KeyframeCurve.png(points, title, reference));
            if (table != null) {
                Files.writeString(table, markdown);
            }
        } catch (IOException e) {
            Vcd.error(spec, "cannot write " + e.getMessage());
            return Vcd.EXIT_BAD_INPUT;
        }
        Vcd.out(spec).print(markdown);
        Vcd.out(spec).flush();
        return 0;
    }
}
