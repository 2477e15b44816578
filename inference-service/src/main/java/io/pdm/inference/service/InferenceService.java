package io.pdm.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.inference.condition.WatchSettings;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.store.AlertQueries;
import io.pdm.inference.store.InferenceStore;
import io.pdm.inference.web.InferenceWebApp;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.schemas.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One plant's inference service: loads the asset types and their base models, migrates the store, runs the
 * consume-score-produce loop on its own thread and serves the REST API. Closing stops the loop after its current batch
 * (committed or aborted as a whole) and then the API.
 */
public final class InferenceService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);

    private final InferenceSettings settings;
    private final PlantSteps steps;
    private final InferenceLoop loop;
    private final Thread thread;
    private final ConfigurableApplicationContext web;

    private InferenceService(
            InferenceSettings settings,
            PlantSteps steps,
            InferenceLoop loop,
            Thread thread,
            ConfigurableApplicationContext web) {
        this.settings = settings;
        this.steps = steps;
        this.loop = loop;
        this.thread = thread;
        this.web = web;
    }

    /**
     * @param maintenance the plant's maintenance history for fact sheets
     * @param texts       writes alert texts (the writer chain with its grounding check)
     */
    public static InferenceService start(
            InferenceSettings settings,
            MaintenanceContext maintenance,
            Function<FactSheet, WrittenAlert> texts,
            MeterRegistry meters)
            throws IOException {
        Clock clock = Clock.systemUTC();
        Map<String, TypeRuntime> types = loadTypes(settings, clock);
        InferenceStore store = InferenceStore.of(settings.jdbc()).migrate();
        PlantSteps steps = new PlantSteps(
                settings.plant(),
                settings.mapping(),
                types,
                new AlertComposer(maintenance, texts),
                WatchSettings.DEFAULT,
                settings.changeAlerts(),
                clock);
        InferenceLoop loop = new InferenceLoop(
                new InferenceLoop.Settings(
                        settings.kafka(),
                        settings.plant(),
                        settings.instance(),
                        settings.pollTimeout(),
                        settings.warmUpRecords(),
                        settings.kafkaSecurity()),
                steps,
                store,
                meters);
        Thread thread = new Thread(loop, "pdm-inference-" + settings.plant() + "-" + settings.instance());
        thread.setDaemon(true);
        ConfigurableApplicationContext web = null;
        try {
            web = InferenceWebApp.start(
                    settings.bindAddress(),
                    settings.restPort(),
                    new AlertQueries(store),
                    new ServiceOperations(steps),
                    meters,
                    settings.apiKeys() == null ? null : ApiKeys.load(settings.apiKeys()));
            thread.start();
        } catch (RuntimeException e) {
            loop.close();
            if (web != null) web.close();
            throw e;
        }
        LOG.info(
                "inference for plant {} (instance {}): types {}, Kafka {} ({}), REST on {}:{}",
                settings.plant(),
                settings.instance(),
                types.keySet(),
                settings.kafka(),
                settings.kafkaSecurity().describe(),
                settings.bindAddress(),
                InferenceWebApp.port(web));
        return new InferenceService(settings, steps, loop, thread, web);
    }

    static Map<String, TypeRuntime> loadTypes(InferenceSettings settings, Clock clock) throws IOException {
        Map<String, TypeRuntime> types = new LinkedHashMap<>();
        for (String ref : settings.assetTypes()) {
            AssetType type = Files.exists(Path.of(ref)) ? AssetTypes.load(Path.of(ref)) : AssetTypes.builtIn(ref);
            Path base = settings.baseModels().get(type.id());
            types.put(
                    type.id(),
                    base == null ? TypeRuntime.conditionOnly(type) : TypeRuntime.withModel(type, base, clock));
        }
        for (String typeWithModel : settings.baseModels().keySet()) {
            if (!types.containsKey(typeWithModel)) {
                throw new IllegalArgumentException("a base model is given for asset type " + typeWithModel
                        + ", which is not among the service's types " + types.keySet());
            }
        }
        return types;
    }

    public int restPort() {
        return InferenceWebApp.port(web);
    }

    public String plant() {
        return settings.plant();
    }

    /** This instance's id among the plant's instances (part of its Kafka transactional id). */
    public String instance() {
        return settings.instance();
    }

    /** Assets scored so far, per asset type. */
    public Map<String, Integer> assetsPerType() {
        return steps.assetsPerType();
    }

    @Override
    public void close() {
        loop.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        web.close();
    }
}
