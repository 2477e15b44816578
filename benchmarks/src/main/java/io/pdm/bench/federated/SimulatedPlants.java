package io.pdm.bench.federated;

import io.pdm.federated.plant.AggregatorClient;
import io.pdm.federated.plant.SecureContribution;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.io.Safetensors;
import io.pdm.model.tensor.TensorDict;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N plants of {@link AggregationServiceBench}, each with its own client certificate and HTTPS client, taking part in
 * one round through the plant's own client code ({@link AggregatorClient}, {@link SecureContribution}).
 */
final class SimulatedPlants {

    /** PLAIN uploads run a few at a time: on two cores more would only queue; the round closes when all are in. */
    private static final int PLAIN_UPLOADERS = 3;

    private SimulatedPlants() {}

    /** @return bytes the plants sent: delta bodies (PLAIN) or every request byte on the wire, TLS included (SECURE) */
    static long run(
            AggregationMode mode,
            SyntheticDeltas deltas,
            RoundAnnouncement round,
            URI aggregator,
            AggregationServiceBench.Federation federation,
            Duration timeout)
            throws Exception {
        if (mode == AggregationMode.SECURE) {
            return secure(deltas, round, aggregator, federation, timeout);
        }
        TensorDict layout = AdapterArithmetic.peftNamed(deltas.seedAdapter().weights());
        ExecutorService uploaders = Executors.newFixedThreadPool(PLAIN_UPLOADERS);
        try {
            List<Future<Integer>> uploads = new ArrayList<>();
            for (int p = 0; p < deltas.plants(); p++) {
                int plant = p;
                uploads.add(uploaders.submit(() -> {
                    String name = SyntheticDeltas.plant(plant);
                    byte[] body = Safetensors.encode(
                            layout.unflatten(deltas.delta(plant)),
                            metadata(name, round, deltas.exampleCount(plant)).toMap());
                    new AggregatorClient(aggregator, federation.context(name), timeout)
                            .uploadDelta(round.round(), name, body);
                    return body.length;
                }));
            }
            long bytes = 0;
            for (Future<Integer> upload : uploads) {
                bytes += upload.get();
            }
            return bytes;
        } finally {
            uploaders.shutdownNow();
        }
    }

    /** Every plant at once: the four message rounds wait for each other. */
    private static long secure(
            SyntheticDeltas deltas,
            RoundAnnouncement round,
            URI aggregator,
            AggregationServiceBench.Federation federation,
            Duration timeout)
            throws Exception {
        try (ByteCountingProxy proxy = new ByteCountingProxy(aggregator.getPort())) {
            URI viaProxy = URI.create("https://localhost:" + proxy.port());
            ExecutorService plants = Executors.newFixedThreadPool(deltas.plants());
            try {
                // the first plant that fails ends the run with its reason, instead of the phases timing out
                CompletionService<Void> runs = new ExecutorCompletionService<>(plants);
                for (int p = 0; p < deltas.plants(); p++) {
                    int plant = p;
                    runs.submit(() -> {
                        String name = SyntheticDeltas.plant(plant);
                        try {
                            new SecureContribution(
                                            new AggregatorClient(viaProxy, federation.context(name), timeout),
                                            new SecureRandom(),
                                            federation.signing(name))
                                    .run(round, deltas.delta(plant), metadata(name, round, deltas.exampleCount(plant)));
                        } catch (RuntimeException e) {
                            throw new IllegalStateException("simulated plant " + name + " failed: " + e, e);
                        }
                        return null;
                    });
                }
                for (int p = 0; p < deltas.plants(); p++) {
                    runs.take().get();
                }
            } finally {
                plants.shutdownNow();
            }
            return proxy.upstreamBytes();
        }
    }

    private static DeltaMetadata metadata(String plant, RoundAnnouncement round, long examples) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return new DeltaMetadata(
                plant,
                round.round(),
                round.baseModelHash(),
                examples,
                HexFormat.of().formatHex(nonce),
                null,
                null,
                null);
    }
}
