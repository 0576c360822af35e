package org.vcd.deploy;

import java.util.List;
import java.util.Locale;
import org.vcd.keyframe.ChangeKeyframes;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.keyframe.UniformKeyframes;

/**
 * The keyframe selectors a pipeline may name, the one place they are built. A name may carry the selector's one
 * setting after a colon, so a budget curve can be run from the command line: {@code uniform:3} keeps every third
 * frame of the 1 fps grid, {@code change:0.2} keeps a frame on a cosine change of 0.2, {@code learned:0.7} keeps the
 * frames the committed model gives a keep-probability of at least 0.7. Without it, each has its default. The learned
 * one is the model a {@link PipelineModels} holds.
 */
public final class Keyframes {

    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.of("uniform", "change", "learned");

    private Keyframes() {
    }

    /** @throws IllegalArgumentException for a name not in {@link #NAMES} or a setting it cannot take */
    public static void requireValid(String spec) {
        parse(spec);
    }

    /** @throws IllegalArgumentException for a name not in {@link #NAMES} or a setting it cannot take */
    public static KeyframeSelector named(String spec, PipelineModels models) {
        Parsed parsed = parse(spec);
        return switch (parsed.name()) {
            case "uniform" -> parsed.setting() == null ? UniformKeyframes.ALL
                    : new UniformKeyframes(parsed.setting().intValue());
            case "change" -> parsed.setting() == null ? ChangeKeyframes.DEFAULT
                    : new ChangeKeyframes(parsed.setting(), ChangeKeyframes.DEFAULT.maxGapSeconds());
            default -> parsed.setting() == null ? models.learnedKeyframes()
                    : models.learnedKeyframes().withThreshold(parsed.setting());
        };
    }

    private record Parsed(String name, Double setting) {
    }

    private static Parsed parse(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown keyframe selector '" + spec + "'; allowed: "
                    + String.join(", ", NAMES) + ", each optionally with :SETTING");
        }
        if (colon < 0) {
            return new Parsed(name, null);
        }
        double setting;
        try {
            setting = Double.parseDouble(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("keyframe selector '" + spec + "': the setting after ':' must be a "
                    + "number", e);
        }
        boolean valid = switch (name) {
            case "uniform" -> setting >= 1 && setting == Math.rint(setting);
            case "change" -> setting > 0 && setting <= 2;
            default -> setting > 0 && setting < 1;
        };
        if (!valid) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "keyframe selector '%s': %s", spec,
                    switch (name) {
                        case "uniform" -> "the stride must be a whole number of at least 1";
                        case "change" -> "the cosine change must be in (0, 2]";
                        default -> "the keep threshold must be in (0, 1)";
                    }));
        }
        return new Parsed(name, setting);
    }
}
