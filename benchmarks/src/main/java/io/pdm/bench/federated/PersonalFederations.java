package io.pdm.bench.federated;

import io.pdm.federated.plant.PersonalisedTraining;
import io.pdm.federated.plant.ValidatedAdaptation;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.ArrayList;
import java.util.List;

/**
 * FedPer-style federations (the {@code fedavg+personal}, {@code compact} and {@code compact+finetune} scenarios): the
 * LoRA factors are federated, each plant keeps its own {@code modules_to_save} (patch projection, heads), so the
 * heads never travel and the upload is the factors alone.
 */
final class PersonalFederations {

    private PersonalFederations() {}

    /**
     * The federation of {@code full}'s LoRA factors; with {@code adaptationRounds > 0} each plant then serves its
     * personal model (global factors + its heads) after the rounds of further local work, at most
     * {@code adaptationRounds}, its held-out engines score best, as in {@code fedavg+finetune}.
     *
     * @param firstAdaptationRound seeds the first adaptation round's subsample, past the federated rounds' seeds
     */
    static Federation of(
            PeftAdapter full,
            SafetensorsDtype wire,
            List<CmapssLoraTraining> plants,
            int adaptationRounds,
            long firstAdaptationRound) {
        PeftAdapter shared = new PeftAdapter(
                PersonalisedTraining.sharedConfig(full.config()), PersonalisedTraining.sharedPart(full.weights()));
        TensorDict heads = PersonalisedTraining.personalPart(full.weights());
        List<LocalTraining> trainings = new ArrayList<>();
        for (CmapssLoraTraining plant : plants) {
            PersonalisedTraining personal =
                    new PersonalisedTraining(plant, heads, full.config().modulesToSave());
            trainings.add(
                    adaptationRounds == 0
                            ? personal
                            : new Adapted(
                                    personal, new ValidatedAdaptation(plant, adaptationRounds, firstAdaptationRound)));
        }
        return new Federation(shared, trainings::get, null, wire);
    }

    /**
     * Rounds train (and upload) as the personalised plant does; the served model starts from the plant's personal
     * model, heads included, so the adaptation continues the heads the plant trained rather than the base's.
     */
    private record Adapted(PersonalisedTraining personal, ValidatedAdaptation adaptation) implements LocalTraining {
        @Override
        public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
            return personal.train(globalAdapter, round);
        }

        @Override
        public PeftAdapter served(PeftAdapter global) {
            return adaptation.served(personal.served(global));
        }

        @Override
        public boolean personalises() {
            return true;
        }
    }
}
