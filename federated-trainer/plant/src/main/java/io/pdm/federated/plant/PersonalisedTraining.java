package io.pdm.federated.plant;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * FedPer/FedRep-style personalisation (Arivazhagan et al. 2019; Collins et al. 2021): the federation shares only
 * the LoRA factors, while each plant keeps its own copies of the {@code modules_to_save} (patch projection, RUL and
 * class heads) that never leave it. The plant's model is base + global shared adapter + its personal modules.
 *
 * <p>The global adapter's config has no modules to save, so a delta against it holds LoRA factors only and the
 * upload shrinks accordingly; the aggregator needs no change. Each round the personal modules are trained together
 * with the shared factors and kept, and only the shared part is returned for upload.
 *
 * <p>With a state file (see {@link #persistent}) the personal modules survive a restart of the plant: they are
 * written after every round (aside, then moved into place) and read back at start; without one they live in memory
 * (the bench's lifetime).
 */
public final class PersonalisedTraining implements LocalTraining {

    private final LocalTraining inner;
    private final List<String> personalModules;
    private final TensorStateFile stateFile;
    private TensorDict personal;

    /**
     * @param inner    trains a full adapter (shared factors plus personal modules) for one round
     * @param initial  the personal modules' starting weights (e.g. the base model's heads), under the model's names
     * @param modules  the module names they belong to, PEFT's {@code modules_to_save}
     */
    public PersonalisedTraining(LocalTraining inner, TensorDict initial, List<String> modules) {
        this(inner, initial, modules, null);
    }

    private PersonalisedTraining(
            LocalTraining inner, TensorDict initial, List<String> modules, TensorStateFile stateFile) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.personal = Objects.requireNonNull(initial, "initial");
        this.personalModules = List.copyOf(modules);
        this.stateFile = stateFile;
    }

    /**
     * Personalised training whose modules are kept in {@code stateFile} (safetensors, model names): the modules
     * saved there by an earlier run are the starting point, else {@code initial}.
     */
    public static PersonalisedTraining persistent(
            LocalTraining inner, TensorDict initial, List<String> modules, Path stateFile) {
        TensorStateFile state = new TensorStateFile(stateFile);
        return new PersonalisedTraining(inner, state.read().orElse(initial), modules, state);
    }

    /** The modules-to-save tensors of {@code adapter}: everything that is not a LoRA factor. */
    public static TensorDict personalPart(TensorDict adapter) {
        return adapter.filter(name -> !isLoraFactor(name));
    }

    /** The LoRA factors of {@code adapter}: what the federation shares. */
    public static TensorDict sharedPart(TensorDict adapter) {
        return adapter.filter(PersonalisedTraining::isLoraFactor);
    }

    /** The config the federation runs: the same LoRA, no modules to save. */
    public static LoraConfig sharedConfig(LoraConfig full) {
        return full.withModulesToSave(List.of());
    }

    @Override
    public synchronized Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        RoundAnnouncement full = new RoundAnnouncement(
                round.round(),
                round.baseVersion(),
                round.baseModelHash(),
                round.adapterConfig().withModulesToSave(personalModules),
                round.deadline(),
                round.quorum(),
                round.strategy(),
                round.mode(),
                round.maxDeltaNorm(),
                round.maxDeltaBytes(),
                round.secure());
        Result trained = inner.train(globalAdapter.merge(personal), full);
        personal = personalPart(trained.adapter());
        if (stateFile != null) {
            stateFile.write(personal);
        }
        return new Result(sharedPart(trained.adapter()), trained.exampleCount());
    }

    @Override
    public synchronized PeftAdapter served(PeftAdapter global) {
        return new PeftAdapter(
                global.config().withModulesToSave(personalModules),
                global.weights().merge(personal));
    }

    @Override
    public boolean personalises() {
        return true;
    }

    /** The plant's personal modules as they are now. */
    public synchronized TensorDict personal() {
        return personal;
    }

    private static boolean isLoraFactor(String name) {
        return name.endsWith(".lora_A.weight") || name.endsWith(".lora_B.weight");
    }
}
