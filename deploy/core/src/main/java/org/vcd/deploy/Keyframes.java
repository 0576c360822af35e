package org.vcd.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcd.keyframe.ChangeKeyframes;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.keyframe.UniformKeyframes;

/** The keyframe selectors a pipeline may name, each with its default configuration: the one place they are built. */
public final class Keyframes {

    private static final Map<String, KeyframeSelector> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("uniform", UniformKeyframes.ALL);
        BY_NAME.put("change", ChangeKeyframes.DEFAULT);
    }

    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private Keyframes() {
    }

    /** @throws IllegalArgumentException for a name not in {@link #NAMES} */
    public static KeyframeSelector named(String name) {
        KeyframeSelector selector = BY_NAME.get(name);
        if (selector == null) {
            throw new IllegalArgumentException("unknown keyframe selector '" + name + "'; allowed: "
                    + String.join(", ", NAMES));
        }
        return selector;
    }
}
