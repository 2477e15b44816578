package io.pdm.model.text;

import java.util.List;
import java.util.Set;

/**
 * The numbers (canonical, see {@link AlertPrompt#numbersIn}) and identifiers an alert may cite.
 * The inference service rejects a generated alert with any {@link #ungroundedNumbers}.
 */
public record AlertCitables(Set<String> numbers, Set<String> identifiers) {
    public AlertCitables {
        numbers = Set.copyOf(numbers);
        identifiers = Set.copyOf(identifiers);
    }

    /** Numbers in {@code alertText} that the facts do not contain, in order of appearance. */
    public List<String> ungroundedNumbers(String alertText) {
        return AlertPrompt.numbersIn(alertText).stream()
                .filter(n -> !numbers.contains(n))
                .toList();
    }
}
