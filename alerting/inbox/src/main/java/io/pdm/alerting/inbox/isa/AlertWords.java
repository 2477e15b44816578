package io.pdm.alerting.inbox.isa;

import java.util.Locale;

/**
 * An alert named in words for people: its kind and failure mode as a short title ({@code remaining life low · bearing
 * wear}), so a list of bad actors reads as what goes wrong rather than as fingerprint hashes. The words come from the
 * alert contract's constants (inference's kinds; failure modes of the asset types, {@code unspecified} for the whole
 * asset, {@code channel:NAME} for a condition alert).
 */
public final class AlertWords {
    private AlertWords() {}

    /** {@code REMAINING_LIFE_LOW} → {@code remaining life low}; null → {@code alert}. */
    public static String kind(String kind) {
        if (kind == null || kind.isBlank()) return "alert";
        return kind.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** {@code bearing-wear} → {@code bearing wear}, {@code unspecified} → {@code whole asset}, {@code channel:X} → X. */
    public static String failureMode(String mode) {
        if (mode == null || mode.isBlank()) return null;
        if (mode.equals("unspecified")) return "whole asset";
        if (mode.startsWith("channel:")) return mode.substring(8);
        return mode.replace('-', ' ').replace('_', ' ');
    }

    /** The title: kind and failure mode in words, e.g. {@code remaining life low · bearing wear}. */
    public static String title(String kind, String failureMode) {
        String mode = failureMode(failureMode);
        return mode == null ? kind(kind) : kind(kind) + " · " + mode;
    }
}
