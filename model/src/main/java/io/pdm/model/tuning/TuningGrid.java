package io.pdm.model.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a tuning run searches. Each axis lists the current default first: that is the centre of the search.
 * Pooled training is searched one factor at a time (the centre, then each other value of one axis with the rest at the
 * centre) because the full product of four axes is more runs than this 2-core machine affords; the ensemble size is
 * measured on the centre's members (an ensemble of k averages members SEED … SEED+k−1), and LoRA's learning rate and
 * rank one at a time around the first of each as well.
 *
 * @param windows       cycles per window
 * @param patches       cycles per patch token
 * @param epochs        epochs of the warm-up and cosine schedule of pooled training
 * @param noises        standard deviation of the Gaussian input noise while training (z-score units)
 * @param ensembleSizes ensemble sizes to score on the centre's members
 * @param loraLearningRates LoRA peak learning rates (empty: no fine-tuning search)
 * @param loraRanks     LoRA ranks r (alpha stays {@code loraAlpha}, as {@code pdm model finetune --rank} does)
 * @param loraEpochs    epochs of the base's pretraining and of each fine-tuning
 * @param pooled        whether to search pooled training at all (false: the LoRA search alone, e.g. in its own process)
 */
public record TuningGrid(
        List<Integer> windows,
        List<Integer> patches,
        List<Integer> epochs,
        List<Float> noises,
        List<Integer> ensembleSizes,
        List<Float> loraLearningRates,
        List<Integer> loraRanks,
        int loraAlpha,
        int loraEpochs,
        boolean pooled) {
    public TuningGrid {
        windows = nonEmpty("windows", windows);
        patches = nonEmpty("patches", patches);
        epochs = nonEmpty("epochs", epochs);
        noises = nonEmpty("noises", noises);
        ensembleSizes = nonEmpty("ensemble sizes", ensembleSizes);
        loraLearningRates = List.copyOf(loraLearningRates);
        loraRanks = List.copyOf(loraRanks);
        if (!loraLearningRates.isEmpty() && loraRanks.isEmpty()) {
            throw new IllegalArgumentException("LoRA learning rates given without a rank");
        }
        for (int w : windows) {
            for (int p : patches) {
                if (w <= 0 || p <= 0 || w % p != 0) {
                    throw new IllegalArgumentException("window " + w + " is not a positive multiple of patch " + p);
                }
            }
        }
        if (ensembleSizes.stream().anyMatch(k -> k < 1) || epochs.stream().anyMatch(e -> e < 1)) {
            throw new IllegalArgumentException("ensemble sizes and epochs must be at least 1");
        }
        if (noises.stream().anyMatch(n -> !(n >= 0))) {
            throw new IllegalArgumentException("input noise must be >= 0");
        }
    }

    /** One pooled-training setting. */
    public record Candidate(int window, int patch, int epochs, float noise) {
        public String label() {
            return "window " + window + ", patch " + patch + ", " + epochs + " epochs, noise " + noise;
        }
    }

    public Candidate centre() {
        return new Candidate(windows.get(0), patches.get(0), epochs.get(0), noises.get(0));
    }

    /** The centre first, then one axis changed at a time; none without the pooled search. */
    public List<Candidate> candidates() {
        if (!pooled) {
            return List.of();
        }
        Candidate c = centre();
        List<Candidate> all = new ArrayList<>(List.of(c));
        windows.stream().skip(1).forEach(w -> all.add(new Candidate(w, c.patch(), c.epochs(), c.noise())));
        patches.stream().skip(1).forEach(p -> all.add(new Candidate(c.window(), p, c.epochs(), c.noise())));
        epochs.stream().skip(1).forEach(e -> all.add(new Candidate(c.window(), c.patch(), e, c.noise())));
        noises.stream().skip(1).forEach(n -> all.add(new Candidate(c.window(), c.patch(), c.epochs(), n)));
        return all;
    }

    /** One LoRA setting. */
    public record LoraCandidate(float learningRate, int rank) {
        public String label() {
            return "LoRA lr " + learningRate + ", rank " + rank;
        }
    }

    /** The first learning rate and rank, then each other learning rate at that rank and each other rank at that rate. */
    public List<LoraCandidate> loraCandidates() {
        if (loraLearningRates.isEmpty()) {
            return List.of();
        }
        float lr = loraLearningRates.get(0);
        int rank = loraRanks.get(0);
        List<LoraCandidate> all = new ArrayList<>(List.of(new LoraCandidate(lr, rank)));
        loraLearningRates.stream().skip(1).forEach(l -> all.add(new LoraCandidate(l, rank)));
        loraRanks.stream().skip(1).forEach(r -> all.add(new LoraCandidate(lr, r)));
        return all;
    }

    public int maxEnsemble() {
        return ensembleSizes.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** Models trained per subset: the centre's members, one per other candidate, one per LoRA setting. */
    public int trainingsPerSubset() {
        return (pooled ? maxEnsemble() + candidates().size() - 1 : 0)
                + loraCandidates().size();
    }

    private static <T> List<T> nonEmpty(String what, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("the grid needs at least one value for " + what);
        }
        return List.copyOf(values);
    }
}
