package io.pdm.assets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kind of machine, as data (schema: {@code schemas/src/main/resources/json/asset-type.schema.json}). Read with
 * {@link AssetTypes#load}; adding a machine kind needs a file like this, no code.
 *
 * @param id           lower-case id, e.g. {@code pump-set}; assets map to it ({@link AssetTypeMapping})
 * @param step         the cadence of one model step
 * @param window       model input window length in steps
 * @param lifeUnit     unit of remaining life
 * @param channels     what is measured; those with {@code model != false} are the model's inputs, in this order
 * @param components   maintainable parts
 * @param failureModes how it fails, referring to components and channels by id and name
 * @param thresholds   alert thresholds in {@code lifeUnit}
 * @param limits       absolute limits from standards, per channel (may be empty)
 * @param regimes      how operating regimes are found for per-regime normalisation; null: one normalisation over
 *                     every step, as before regimes existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetType(
        String id,
        String name,
        String description,
        Step step,
        int window,
        LifeUnit lifeUnit,
        List<Channel> channels,
        List<Component> components,
        List<FailureMode> failureModes,
        Thresholds thresholds,
        List<Limit> limits,
        Regimes regimes) {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public AssetType {
        requireId("id", id);
        requireText("name", name);
        if (step == null) {
            throw new InvalidFieldException("/step", "step is required");
        }
        if (window < 1) {
            throw new InvalidFieldException("/window", "window must be at least 1 step, was " + window);
        }
        if (lifeUnit == null) {
            throw new InvalidFieldException("/lifeUnit", "lifeUnit is required (CYCLES or HOURS)");
        }
        if (lifeUnit == LifeUnit.HOURS && step.seconds() == null) {
            throw new InvalidFieldException("/step/seconds", "a life in HOURS needs the step's length in seconds");
        }
        if (channels == null || channels.stream().noneMatch(Channel::modelInput)) {
            throw new InvalidFieldException("/channels", "at least one channel the model reads is required");
        }
        if (thresholds == null) {
            throw new InvalidFieldException("/thresholds", "thresholds are required");
        }
        channels = List.copyOf(channels);
        components = components == null ? List.of() : List.copyOf(components);
        failureModes = failureModes == null ? List.of() : List.copyOf(failureModes);
        limits = limits == null ? List.of() : List.copyOf(limits);
        Set<String> channelNames =
                unique("/channels", channels.stream().map(Channel::name).toList());
        Set<String> componentIds =
                unique("/components", components.stream().map(Component::id).toList());
        unique("/failureModes", failureModes.stream().map(FailureMode::id).toList());
        for (int i = 0; i < failureModes.size(); i++) {
            FailureMode m = failureModes.get(i);
            known("/failureModes/" + i + "/components/", m.components(), componentIds, "component");
            known("/failureModes/" + i + "/channels/", m.channels(), channelNames, "channel");
        }
        if (regimes != null) {
            for (int i = 0; i < regimes.channels().size(); i++) {
                if (!channelNames.contains(regimes.channels().get(i))) {
                    throw new InvalidFieldException(
                            "/regimes/channels/" + i,
                            "unknown channel '" + regimes.channels().get(i) + "'");
                }
            }
        }
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            if (!channelNames.contains(limit.channel())) {
                throw new InvalidFieldException(
                        "/limits/" + i + "/channel", "unknown channel '" + limit.channel() + "'");
            }
            String unit = channels.stream()
                    .filter(c -> c.name().equals(limit.channel()))
                    .findFirst()
                    .orElseThrow()
                    .unit();
            if (!unit.equals(limit.unit())) {
                throw new InvalidFieldException(
                        "/limits/" + i + "/unit",
                        "limit in " + limit.unit() + " but channel " + limit.channel() + " is in " + unit);
            }
        }
    }

    /** The same type without regimes: one normalisation over every step (the state before regimes existed). */
    public AssetType withoutRegimes() {
        return new AssetType(
                id,
                name,
                description,
                step,
                window,
                lifeUnit,
                channels,
                components,
                failureModes,
                thresholds,
                limits,
                null);
    }

    /** The same type with other thresholds. */
    public AssetType withThresholds(Thresholds value) {
        return new AssetType(
                id,
                name,
                description,
                step,
                window,
                lifeUnit,
                channels,
                components,
                failureModes,
                value,
                limits,
                regimes);
    }

    /** The channels the model reads, in order. */
    @JsonIgnore
    public List<String> modelChannels() {
        return channels.stream().filter(Channel::modelInput).map(Channel::name).toList();
    }

    /**
     * The channels a life of this type must carry for a remaining-life model: the model's channels, then the regime's
     * context channels that are not model channels (each step's regime is found from them).
     */
    @JsonIgnore
    public List<String> lifeChannels() {
        if (regimes == null) {
            return modelChannels();
        }
        List<String> out = new java.util.ArrayList<>(modelChannels());
        regimes.channels().stream().filter(c -> !out.contains(c)).forEach(out::add);
        return List.copyOf(out);
    }

    public Optional<Channel> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<Limit> limit(String channel) {
        return limits.stream().filter(l -> l.channel().equals(channel)).findFirst();
    }

    /** Life units per model step: 1 for cycles, the step's length in hours for hours. */
    @JsonIgnore
    public double lifePerStep() {
        return lifeUnit == LifeUnit.CYCLES ? 1.0 : step.seconds() / 3600.0;
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
    }

    static void requireId(String field, String value) {
        requireText(field, value);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' must match " + ID.pattern());
        }
    }

    private static Set<String> unique(String at, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw new InvalidFieldException(at + "/" + i, "'" + values.get(i) + "' appears twice");
            }
        }
        return seen;
    }

    private static void known(String at, List<String> refs, Set<String> known, String what) {
        for (int i = 0; i < refs.size(); i++) {
            if (!known.contains(refs.get(i))) {
                throw new InvalidFieldException(at + i, "unknown " + what + " '" + refs.get(i) + "'");
            }
        }
    }
}
