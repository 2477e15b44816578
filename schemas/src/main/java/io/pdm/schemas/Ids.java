package io.pdm.schemas;

import java.util.regex.Pattern;

/**
 * The naming rule for plant and asset ids. Ids become parts of MQTT topics, Kafka topic names
 * ({@code pdm.{plant}.…}) and ACL prefixes, so they exclude '.', '/', '+', '#' and upper case.
 */
public final class Ids {
    /** 1–64 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private Ids() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Returns the id or throws with a message that names what kind of id broke the rule. */
    public static String require(String kind, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(kind + " id '" + id + "' violates the naming rule " + ID.pattern());
        }
        return id;
    }
}
