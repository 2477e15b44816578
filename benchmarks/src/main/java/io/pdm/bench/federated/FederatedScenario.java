package io.pdm.bench.federated;

import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.FedAdam;
import io.pdm.federated.rules.FedAvg;
import io.pdm.federated.rules.FlTrust;
import io.pdm.federated.training.PooledFullTraining;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenarios of {@link FederatedCmapssBench}, in the order they run and print: the one place to add one. Each
 * has the name the CLI takes ({@code pdm fl bench --scenarios NAME,...}) and its rows print (some print several:
 * one per ε, one per rule and attack), whether it federates (federated scenarios share an untimed warm-up round),
 * and what it runs on the bench.
 */
public enum FederatedScenario {
    BASE("base", false, (b, name) -> List.of(b.baseline(name))),
    LOCAL("local", false, (b, name) -> List.of(b.localOnly(name))),
    LOCAL_VALIDATED("local+validated", false, (b, name) -> List.of(b.localValidated(name))),
    FEDAVG("fedavg", true, (b, name) -> List.of(b.federated(name, b.fedAvg(), b.plain(), ""))),
    FEDPROX(
            "fedprox",
            true,
            (b, name) -> List.of(b.federated(
                    name,
                    b.fedAvg(),
                    b.plain()
                            .withTraining(i -> b.plant(i)
                                    .withWork(b.plant(i)
                                            .work()
                                            .withProximalMu(b.options().proximalMu()))),
                    String.format(Locale.ROOT, "mu %s", b.options().proximalMu())))),
    PERSONAL(
            "fedavg+personal",
            true,
            (b, name) ->
                    List.of(b.federated(name, b.fedAvg(), b.personalised(), "LoRA shared, modules_to_save personal"))),
    FINETUNED(
            "fedavg+finetune",
            true,
            (b, name) -> List.of(b.federated(
                    name,
                    b.fedAvg(),
                    b.locallyAdapted(),
                    "served after the local rounds (at most " + b.options().adaptationRounds()
                            + ") its held-out engines score best"))),
    /** {@code fedavg+finetune} with FedProx's proximal term (μ = {@code --prox-mu}) in the federated rounds. */
    FEDPROX_FINETUNE(
            "fedprox+finetune",
            true,
            (b, name) -> List.of(b.federated(
                    name,
                    b.fedAvg(),
                    b.locallyAdapted(b.options().proximalMu()),
                    String.format(
                            Locale.ROOT,
                            "mu %s in the federated rounds; served after the local rounds (at most %d) its held-out"
                                    + " engines score best",
                            b.options().proximalMu(),
                            b.options().adaptationRounds())))),
    DITTO(
            "ditto",
            true,
            (b, name) -> List.of(b.federated(
                    name,
                    b.fedAvg(),
                    b.ditto(),
                    String.format(
                            Locale.ROOT,
                            "personal adapter, lambda %s",
                            b.options().dittoLambda())))),
    CLUSTERED(
            "clustered", true, (b, name) -> List.of(b.clustered(name, b.plain(), "one federation per machine family"))),
    CLUSTERED_FINETUNE(
            "clustered+finetune",
            true,
            (b, name) -> List.of(b.clustered(
                    name, b.locallyAdapted(), "one federation per machine family, then validated local adaptation"))),
    COMPACT("compact", true, (b, name) -> List.of(b.compact(name))),
    /** {@code compact} with {@code --wire} uploads, then the validated local adaptation of {@code fedavg+finetune}. */
    COMPACT_FINETUNE("compact+finetune", true, (b, name) -> List.of(b.compactAdapted(name))),
    FEDADAM(
            "fedadam",
            true,
            (b, name) -> List.of(b.federated(
                    name,
                    b.plainPolicy(new AggregationStrategy(new FedAvg(), new FedAdam(1e-2f, 0.9f, 0.99f, 1e-3f))),
                    b.plain(),
                    "server Adam lr 1e-2, tau 1e-3"))),
    /** The served adapter of {@code fedavg+finetune} with server Adam in place of plain averaging's step. */
    FEDADAM_FINETUNE(
            "fedadam+finetune",
            true,
            (b, name) -> List.of(b.federated(
                    name,
                    b.plainPolicy(new AggregationStrategy(new FedAvg(), new FedAdam(1e-2f, 0.9f, 0.99f, 1e-3f))),
                    b.locallyAdapted(),
                    "server Adam lr 1e-2, tau 1e-3; served after the local rounds (at most "
                            + b.options().adaptationRounds() + ") its held-out engines score best"))),
    POOLED("pooled", false, (b, name) -> List.of(b.pooled(name))),
    /** Central full training from scratch on the plants' windows, the ensemble recipe of {@code pdm model train}. */
    POOLED_FULL("pooled-full", false, (b, name) -> List.of(b.pooledFull(name, PooledFullTraining.Recipe.SCRATCH))),
    /** Central full fine-tuning of the base on the plants' windows. */
    POOLED_FINETUNE(
            "pooled-finetune", false, (b, name) -> List.of(b.pooledFull(name, PooledFullTraining.Recipe.FINE_TUNE))),
    /** One row per ε, named {@code dp eps=ε}. */
    DP("dp", true, (b, name) -> b.differentialPrivacy()),
    /** One row per ε, named {@code dpsgd eps=ε}. */
    DP_SGD("dpsgd", true, (b, name) -> b.dpSgd()),
    SECAGG(
            "secagg",
            true,
            (b, name) -> List.of(b.federated(name, b.fedAvg().withMode(AggregationMode.SECURE), b.plain(), ""))),
    /** Every registered rule, clean and under each attack ({@link ByzantineScenarios} names the rows). */
    BYZANTINE("byzantine", true, (b, name) -> b.byzantine(ByzantineScenarios.robustRules())),
    FLTRUST("fltrust", true, (b, name) -> b.byzantine(Map.of("fltrust", new FlTrust())));

    /** What a scenario runs: its result rows, given the bench and the scenario's name. */
    @FunctionalInterface
    interface Run {
        List<ScenarioResult> on(FederatedCmapssBench bench, String name) throws Exception;
    }

    private final String cliName;
    private final boolean federates;
    private final Run run;

    FederatedScenario(String cliName, boolean federates, Run run) {
        this.cliName = cliName;
        this.federates = federates;
        this.run = run;
    }

    /** The name the CLI takes and the scenario's (first) row prints, e.g. {@code fedavg+finetune}. */
    public String cliName() {
        return cliName;
    }

    /** Whether plants talk to an aggregator in this scenario (those share one untimed warm-up round first). */
    public boolean federates() {
        return federates;
    }

    List<ScenarioResult> runOn(FederatedCmapssBench bench) throws Exception {
        return run.on(bench, cliName);
    }

    /** Every scenario's CLI name, in run order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(FederatedScenario::cliName).toList();
    }

    /** The scenario with this CLI name; an unknown name is refused with the list of known ones. */
    public static FederatedScenario byName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.cliName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown scenario '" + name + "'; choose from " + String.join(",", names())));
    }
}
