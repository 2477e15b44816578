package io.pdm.federated.training;

import io.pdm.model.lora.PeftAdapter;

/** Local training that can also continue an adapter on its own and score it on the plant's held-out engines. */
public interface AdaptableTraining extends LocalTraining {

    /** One round of local work from {@code start}; {@code round} seeds the round's subsample. */
    PeftAdapter trainFrom(PeftAdapter start, long round);

    /** The adapter's error on the plant's own held-out data (lower is better), never on its test data. */
    double validationLoss(PeftAdapter adapter);
}
