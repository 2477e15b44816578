package io.pdm.launcher;

import io.pdm.schemas.Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Options renamed for one name per setting: the old name works for one more release, with a warning. */
final class DeprecatedOptions {
    private DeprecatedOptions() {}

    /** {@code current} (the new option's value), or the old option's value when only the old one was given. */
    static <T> T resolve(CommandSpec spec, String oldName, String newName, T current) {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null || !parsed.hasMatchedOption(oldName)) return current;
        System.err.println(Settings.deprecation(oldName, newName));
        return parsed.hasMatchedOption(newName) ? current : parsed.matchedOptionValue(oldName, current);
    }
}
