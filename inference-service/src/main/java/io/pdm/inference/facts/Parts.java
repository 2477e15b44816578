package io.pdm.inference.facts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Machine parts an alert may name. A text may only name a part that the fact sheet mentions somewhere
 * (asset type, channel, failure mode, a log's component or text): "replace the impeller" on a bearing alert
 * with no impeller anywhere in the facts is invented. The list holds common rotating-equipment and
 * fluid-system components; plurals are folded to the singular.
 */
public final class Parts {
    public static final List<String> VOCABULARY = List.of(
            "bearing",
            "seal",
            "gasket",
            "impeller",
            "shaft",
            "coupling",
            "gearbox",
            "gear",
            "pinion",
            "motor",
            "rotor",
            "stator",
            "winding",
            "fan",
            "blade",
            "belt",
            "pulley",
            "chain",
            "sprocket",
            "valve",
            "filter",
            "hose",
            "pipe",
            "nozzle",
            "piston",
            "cylinder",
            "compressor",
            "pump",
            "turbine",
            "bushing",
            "spring",
            "thermostat",
            "radiator",
            "injector",
            "clutch",
            "brake",
            "roller",
            "idler",
            "tyre",
            "tire",
            "axle",
            "housing",
            "casing",
            "diffuser",
            "liner",
            "o-ring",
            "lubricant",
            "grease",
            "oil",
            "coolant",
            "battery",
            "fuse",
            "contactor",
            "relay",
            "inverter",
            "encoder",
            "sensor",
            "transmitter");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Set<String> KNOWN = Set.copyOf(VOCABULARY);

    private Parts() {}

    /** The vocabulary parts a text names, singular, in order of appearance. */
    public static Set<String> in(String text) {
        Set<String> parts = new LinkedHashSet<>();
        // Channel names such as bearing_temp or "vib_de_bearing" count word by word.
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('_', ' '));
        while (m.find()) {
            String part = singular(m.group());
            if (KNOWN.contains(part)) {
                parts.add(part);
            }
        }
        return parts;
    }

    static String singular(String word) {
        if (KNOWN.contains(word)) {
            return word;
        }
        if (word.endsWith("ies") && KNOWN.contains(word.substring(0, word.length() - 3) + "y")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("es") && KNOWN.contains(word.substring(0, word.length() - 2))) {
            return word.substring(0, word.length() - 2);
        }
        return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }
}
