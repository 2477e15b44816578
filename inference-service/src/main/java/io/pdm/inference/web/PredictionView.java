package io.pdm.inference.web;

import io.pdm.inference.store.AlertView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A prediction as JSON: what {@code pdm.{plant}.predictions.v1} carries, for the on-demand endpoint. */
public record PredictionView(
        String plant,
        String asset,
        String assetType,
        Instant windowEnd,
        String baseModel,
        Long adapterVersion,
        AlertView.LifeView remainingLife,
        String healthStage,
        Map<String, Double> stageProbabilities,
        Map<String, Double> drivers,
        List<String> conditions,
        List<String> quality,
        List<String> missingChannels) {}
