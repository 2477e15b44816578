package io.pdm.launcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.inference.retrieval.LogEmbedder;
import io.pdm.inference.service.InferenceService;
import io.pdm.inference.service.InferenceSettings;
import io.pdm.inference.service.StoredMaintenanceContext;
import io.pdm.inference.service.WriterSettings;
import io.pdm.inference.store.AlertQueries;
import io.pdm.inference.store.InferenceStore;
import io.pdm.inference.store.InferenceTotals;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.schemas.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's inference: one service per simulated plant, every asset a pump set, scored by the pump base model (when
 * one is given) plus the plant's adapter, watched against its own baseline and the type's limits from its first
 * window, with alert texts from the configured writer behind the grounding check, citing the plant's own similar
 * maintenance logs.
 */
final class DemoInference implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoInference.class);
    static final String PUMP = "pump-set";
    /** How stale the maintenance logs an alert cites may be. */
    static final Duration LOG_REFRESH = Duration.ofSeconds(30);

    private final Map<String, InferenceService> services = new LinkedHashMap<>();
    private final Map<String, AlertQueries> queries = new LinkedHashMap<>();
    private final AlertTextPipeline texts;

    /**
     * @param pumpBase   the pump base model directory, or null to watch the pumps' condition only
     * @param writer     how alert texts are written
     * @param extraTypes asset types besides the pump set (built-in ids or files), for devices a user connects
     * @param assetMap   which asset is which type (a file), or null: every asset is a pump set
     */
    record Options(Path pumpBase, WriterSettings writer, List<String> extraTypes, Path assetMap) {
        Options {
            extraTypes = List.copyOf(extraTypes);
        }

        static Options conditionOnly() {
            return new Options(null, WriterSettings.template(), List.of(), null);
        }

        Options withPumpBase(Path dir) {
            return new Options(dir, writer, extraTypes, assetMap);
        }

        Options withWriter(WriterSettings w) {
            return new Options(pumpBase, w, extraTypes, assetMap);
        }
    }

    private DemoInference(AlertTextPipeline texts) {
        this.texts = texts;
    }

    /**
     * @param firstPort the first plant's REST port (the next plants count up), 0 for free ports
     * @param portCheck refuses a taken port (or gives a free one when the user asked for free ports)
     */
    static DemoInference start(
            Map<String, String> jdbcUrls,
            String kafka,
            int firstPort,
            java.util.function.IntUnaryOperator portCheck,
            Options options,
            PrintStream out)
            throws IOException {
        Path pumpBase = options.pumpBase();
        List<String> types = new java.util.ArrayList<>(List.of(PUMP));
        types.addAll(options.extraTypes());
        AssetTypeMapping mapping =
                options.assetMap() == null ? AssetTypeMapping.all(PUMP) : AssetTypeMapping.load(options.assetMap());
        DemoInference demo = new DemoInference(options.writer().open());
        LogEmbedder embedder = new LogEmbedder(); // one in-process sentence model for every plant
        try {
            int i = 0;
            for (Map.Entry<String, String> plant : jdbcUrls.entrySet()) {
                int port = firstPort <= 0 ? 0 : portCheck.applyAsInt(firstPort + i);
                i++;
                InferenceSettings settings = new InferenceSettings(
                        plant.getKey(),
                        kafka,
                        plant.getValue(),
                        types,
                        mapping,
                        pumpBase == null ? Map.of() : Map.of(PUMP, pumpBase),
                        Settings.LOOPBACK,
                        port,
                        200,
                        Duration.ofMillis(200));
                out.println("starting inference for " + plant.getKey() + " ("
                        + (pumpBase == null ? "condition watch only" : "pump base " + pumpBase.getFileName())
                        + ") ...");
                demo.services.put(
                        plant.getKey(),
                        InferenceService.start(
                                settings,
                                new StoredMaintenanceContext(
                                        plant.getKey(), plant.getValue(), embedder, LOG_REFRESH, Clock.systemUTC()),
                                demo.texts,
                                new SimpleMeterRegistry()));
                demo.queries.put(plant.getKey(), new AlertQueries(InferenceStore.of(plant.getValue())));
            }
            return demo;
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    /** Totals over the plants; zero for a plant whose store cannot be read right now. */
    InferenceTotals totals() {
        InferenceTotals sum = InferenceTotals.ZERO;
        for (Map.Entry<String, AlertQueries> q : queries.entrySet()) {
            try {
                sum = sum.plus(q.getValue().totals(q.getKey()));
            } catch (IllegalStateException e) {
                LOG.debug("inference totals of {} unavailable: {}", q.getKey(), e.getMessage());
            }
        }
        return sum;
    }

    /** Where a user reads each plant's alerts and asset health. */
    String connectionInfo() {
        StringBuilder b = new StringBuilder();
        services.forEach((plant, s) -> b.append("  inference REST  http://127.0.0.1:")
                .append(s.restPort())
                .append("/api/v1/plants/")
                .append(plant)
                .append("/alerts   (also …/assets/{asset}/health, /v3/api-docs)")
                .append(System.lineSeparator()));
        return b.toString();
    }

    @Override
    public void close() {
        services.values().forEach(s -> {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping inference of {}: {}", s.plant(), e.toString());
            }
        });
        texts.close();
    }
}
