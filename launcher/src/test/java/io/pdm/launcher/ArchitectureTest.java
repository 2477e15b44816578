package io.pdm.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The module boundaries of docs/architecture.md, checked on the production classes of every module (the launcher
 * is the one module that sees them all). Data flows downstream only; the plant never sees aggregator code; the
 * protocol never sees the rules; nothing but the launcher wires benchmarks in; the launcher's {@code fl} package holds
 * commands, not federated logic.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.pdm");
    }

    @Test
    void dataFlowsDownstreamOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("schemas")
                .definedBy("io.pdm.schemas..")
                .layer("embedded")
                .definedBy("io.pdm.embedded..")
                .layer("devices")
                .definedBy("io.pdm.devices..")
                .layer("ingest")
                .definedBy("io.pdm.ingest..")
                .layer("features")
                .definedBy("io.pdm.features..")
                .layer("assets")
                .definedBy("io.pdm.assets..")
                .layer("model")
                .definedBy("io.pdm.model..")
                .layer("fl-privacy")
                .definedBy("io.pdm.federated.dp..", "io.pdm.federated.secagg..")
                .layer("fl-protocol")
                .definedBy("io.pdm.federated.protocol..", "io.pdm.federated.pki..")
                .layer("fl-rules")
                .definedBy("io.pdm.federated.rules..")
                .layer("fl-training")
                .definedBy("io.pdm.federated.training..")
                .layer("fl-aggregator")
                .definedBy("io.pdm.federated.aggregator..")
                .layer("fl-plant")
                .definedBy("io.pdm.federated.plant..")
                .layer("inference")
                .definedBy("io.pdm.inference..")
                .layer("alerting")
                .definedBy("io.pdm.alerting..")
                .layer("benchmarks")
                .definedBy("io.pdm.bench..")
                .layer("launcher")
                .definedBy("io.pdm.launcher..")
                .whereLayer("launcher")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("benchmarks")
                .mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("inference")
                .mayOnlyBeAccessedByLayers("benchmarks", "launcher")
                // alerting reads inference's output (the alerts topic) through schemas, never its code
                .whereLayer("alerting")
                .mayOnlyBeAccessedByLayers("benchmarks", "launcher")
                .whereLayer("fl-plant")
                .mayOnlyBeAccessedByLayers("benchmarks", "launcher")
                .whereLayer("fl-aggregator")
                .mayOnlyBeAccessedByLayers("benchmarks", "launcher")
                .whereLayer("fl-training")
                .mayOnlyBeAccessedByLayers("fl-aggregator", "fl-plant", "benchmarks", "launcher")
                .whereLayer("fl-rules")
                .mayOnlyBeAccessedByLayers("fl-aggregator", "benchmarks", "launcher")
                .whereLayer("fl-protocol")
                .mayOnlyBeAccessedByLayers(
                        "fl-rules", "fl-training", "fl-aggregator", "fl-plant", "benchmarks", "launcher")
                .whereLayer("fl-privacy")
                .mayOnlyBeAccessedByLayers(
                        "fl-protocol", "fl-rules", "fl-training", "fl-aggregator", "fl-plant", "benchmarks", "launcher")
                .whereLayer("model")
                .mayOnlyBeAccessedByLayers(
                        "fl-protocol",
                        "fl-training",
                        "fl-aggregator",
                        "fl-plant",
                        "inference",
                        "benchmarks",
                        "launcher")
                .whereLayer("assets")
                .mayOnlyBeAccessedByLayers(
                        "devices",
                        "model",
                        "fl-protocol",
                        "fl-training",
                        "fl-aggregator",
                        "fl-plant",
                        "inference",
                        "alerting",
                        "benchmarks",
                        "launcher")
                .whereLayer("features")
                // devices simulate pump lives offline with the pipeline's own pure feature functions
                .mayOnlyBeAccessedByLayers("devices", "benchmarks", "launcher")
                .whereLayer("ingest")
                .mayOnlyBeAccessedByLayers("benchmarks", "launcher")
                .whereLayer("devices")
                .mayOnlyBeAccessedByLayers("benchmarks", "launcher")
                .whereLayer("embedded")
                .mayOnlyBeAccessedByLayers("alerting", "benchmarks", "launcher")
                .check(classes);
    }

    @Test
    void thePlantNeverSeesAggregatorCode() {
        noClasses()
                .that()
                .resideInAPackage("io.pdm.federated.plant..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.pdm.federated.aggregator..", "io.pdm.federated.rules..")
                .check(classes);
    }

    @Test
    void theProtocolNeverSeesTheRulesOrEitherSide() {
        noClasses()
                .that()
                .resideInAnyPackage("io.pdm.federated.protocol..", "io.pdm.federated.pki..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.pdm.federated.rules..",
                        "io.pdm.federated.aggregator..",
                        "io.pdm.federated.plant..",
                        "io.pdm.federated.training..")
                .check(classes);
    }

    @Test
    void assetTypesAndLivesImportNothingElseOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.pdm.assets..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.pdm.schemas..",
                        "io.pdm.embedded..",
                        "io.pdm.devices..",
                        "io.pdm.ingest..",
                        "io.pdm.features..",
                        "io.pdm.model..",
                        "io.pdm.federated..",
                        "io.pdm.inference..",
                        "io.pdm.bench..",
                        "io.pdm.launcher..")
                .check(classes);
    }

    @Test
    void inferenceNeverSeesTheFederation() {
        noClasses()
                .that()
                .resideInAPackage("io.pdm.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.pdm.federated..")
                .check(classes);
    }

    @Test
    void privacyImportsNothingElseOfOurs() {
        noClasses()
                .that()
                .resideInAnyPackage("io.pdm.federated.dp..", "io.pdm.federated.secagg..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.pdm.federated.protocol..",
                        "io.pdm.federated.pki..",
                        "io.pdm.federated.rules..",
                        "io.pdm.federated.training..",
                        "io.pdm.federated.aggregator..",
                        "io.pdm.federated.plant..",
                        "io.pdm.model..",
                        "io.pdm.schemas..")
                .check(classes);
    }

    @Test
    void nothingButTheLauncherImportsBenchmarks() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.pdm.bench..", "io.pdm.launcher..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.pdm.bench..")
                .check(classes);
    }

    /**
     * The {@code pdm fl} commands only parse options and call the federated modules' services: every top-level
     * class there is a picocli command (nested classes are its option helpers, such as completion candidates and
     * converters), so a trainer loop or an aggregation step has nowhere to hide in the launcher.
     */
    @Test
    void theLaunchersFederatedPackageHoldsOnlyCommands() {
        classes()
                .that()
                .resideInAPackage("io.pdm.launcher.fl")
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .beAnnotatedWith(CommandLine.Command.class)
                .check(classes);
    }
}
