package io.pdm.bench.federated;

import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.ReferenceUpdate;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.DevPki;
import io.pdm.federated.plant.ClientSidePrivacy;
import io.pdm.federated.plant.FederatedClient;
import io.pdm.federated.plant.FederatedClientSettings;
import io.pdm.federated.plant.Participation;
import io.pdm.federated.plant.updates.ModelUpdatePublisher;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.PeftAdapter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One federated scenario over the real protocol: a fresh aggregator (HTTPS with client certificates, its own
 * PostgreSQL database) and one {@link FederatedClient} per plant, each behind a {@link ByteCountingProxy}; R rounds
 * in which all plants take part together; then every plant evaluates the final global adapter on its own test set.
 */
final class FederationRun {

    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern AGGREGATOR_THREADS = Pattern.compile("https-jsse-nio|fl-round-ticker|fl-secagg");

    /**
     * @param training  what each plant uploads from (its honest training, or a Byzantine wrapper)
     * @param privacy   client-side DP per plant; null for none
     */
    record Plant(String name, CmapssLoraTraining evaluation, LocalTraining training, ClientSidePrivacy privacy) {}

    private FederationRun() {}

    /**
     * @param wire      element type of the plants' plain delta uploads
     * @param reference the aggregator's own update for rules that need one (FLTrust), else null
     * @param averagedVersions the plants serve the mean of the last this many global versions (1: the newest)
     */
    static ScenarioResult run(
            String scenario,
            RoundPolicy policy,
            List<Plant> plants,
            PeftAdapter seedAdapter,
            SafetensorsDtype wire,
            DevPki pki,
            String jdbcUrl,
            Path plantDisks,
            int rounds,
            int averagedVersions,
            String note,
            ReferenceUpdate reference)
            throws Exception {
        TreeSet<String> names = new TreeSet<>(plants.stream().map(Plant::name).toList());
        AggregatorSettings settings = new AggregatorSettings(
                0,
                pki.aggregatorTls(),
                pki.revocationList(),
                Database.of(jdbcUrl),
                names,
                policy,
                seedAdapter,
                plants.get(0).evaluation().baseHash(),
                Duration.ofMillis(50),
                reference);
        AtomicLong lastTrainingEnd = new AtomicLong();
        List<AutoCloseable> opened = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(plants.size());
        Set<Long> threadsBefore = liveThreadIds();
        try (AggregatorHandle aggregator = AggregatorApplication.start(settings)) {
            List<ByteCountingProxy> proxies = new ArrayList<>();
            List<FederatedClient> clients = new ArrayList<>();
            // The bench's own polling (is the round open, is the version out) and the final download bypass the
            // proxies: they are the harness's traffic, not a plant's.
            FederatedClient observer = new FederatedClient(FederatedClientSettings.of(
                            URI.create("https://localhost:" + aggregator.port()),
                            pki.keyStore(plants.get(0).name()),
                            pki.trustStore(),
                            pki.password(),
                            plants.get(0).name(),
                            (global, round) -> {
                                throw new IllegalStateException("the observer does not train");
                            },
                            plantDisks.resolve(scenarioDir(scenario, "observer")))
                    .withAveragedVersions(averagedVersions));
            opened.add(observer);
            for (Plant plant : plants) {
                ByteCountingProxy proxy = new ByteCountingProxy(aggregator.port());
                opened.add(proxy);
                proxies.add(proxy);
                LocalTraining timed = (global, round) -> {
                    LocalTraining.Result result = plant.training().train(global, round);
                    lastTrainingEnd.accumulateAndGet(System.nanoTime(), Math::max);
                    return result;
                };
                FederatedClient client = new FederatedClient(new FederatedClientSettings(
                        URI.create("https://localhost:" + proxy.port()),
                        pki.keyStore(plant.name()),
                        pki.password(),
                        pki.trustStore(),
                        pki.password(),
                        plant.name(),
                        timed,
                        plantDisks.resolve(scenarioDir(scenario, plant.name())),
                        settings.baseModelHash(),
                        plant.privacy(),
                        ModelUpdatePublisher.NONE,
                        Duration.ofMinutes(5),
                        wire));
                opened.add(client);
                clients.add(client);
            }
            double roundSeconds = 0;
            double protocolSeconds = 0;
            List<String> refusals = new ArrayList<>();
            List<Double> uploadedNorms = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                RoundAnnouncement round = awaitRound(observer, r - 1);
                long start = System.nanoTime();
                List<Future<Participation>> running = new ArrayList<>();
                for (FederatedClient client : clients) {
                    running.add(pool.submit(() -> client.participate(round)));
                }
                for (int i = 0; i < running.size(); i++) {
                    Participation participation = running.get(i).get();
                    if (participation instanceof Participation.Contributed contributed) {
                        uploadedNorms.add(contributed.deltaNorm());
                    } else {
                        refusals.add(plants.get(i).name() + ": " + participation);
                    }
                }
                awaitVersion(observer, round);
                long end = System.nanoTime();
                roundSeconds += (end - start) / 1e9;
                protocolSeconds += (end - lastTrainingEnd.get()) / 1e9;
            }
            double cpuSeconds = aggregatorCpuSeconds(threadsBefore);
            // What each plant serves from: the newest version, or the mean of the last K (the plants' own code,
            // FederatedClient.globalToServe, run by the observer, which holds the same versions).
            PeftAdapter global = observer.globalToServe(observer.syncLatest().version());
            Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
            for (Plant plant : plants) {
                // A personalised plant is evaluated as it serves: the global shared part plus its own modules.
                byPlant.put(
                        plant.name(),
                        plant.evaluation().predict(plant.training().served(global)));
            }
            double up = proxies.stream()
                            .mapToLong(ByteCountingProxy::upstreamBytes)
                            .average()
                            .orElse(0)
                    / rounds;
            double down = proxies.stream()
                            .mapToLong(ByteCountingProxy::downstreamBytes)
                            .average()
                            .orElse(0)
                    / rounds;
            String notes = String.format(
                    Locale.ROOT,
                    "%s%s%smean |uploaded delta| %.3g%s",
                    note,
                    note.isEmpty() ? "" : "; ",
                    averagedVersions > 1 ? "mean of the last " + averagedVersions + " versions served; " : "",
                    uploadedNorms.stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElse(Double.NaN),
                    refusals.isEmpty() ? "" : "; not contributed: " + refusals);
            return ScenarioResult.scored(
                    scenario,
                    byPlant,
                    new ScenarioResult.Traffic(up, down),
                    roundSeconds / rounds,
                    protocolSeconds / rounds,
                    cpuSeconds,
                    notes);
        } finally {
            pool.shutdownNow();
            Collections.reverse(opened);
            for (AutoCloseable closeable : opened) {
                closeable.close();
            }
        }
    }

    private static String scenarioDir(String scenario, String member) {
        return scenario.replaceAll("[^A-Za-z0-9.=-]+", "_") + "/" + member;
    }

    /** The next round on version {@code baseVersion}; a failed round is retried by the aggregator under a new number. */
    private static RoundAnnouncement awaitRound(FederatedClient client, long baseVersion) throws InterruptedException {
        return poll(
                () -> client.currentRound()
                        .filter(round -> round.baseVersion() == baseVersion)
                        .orElse(null),
                "round on version " + baseVersion);
    }

    /** Until the round published its version; a round that closed without one ends the scenario. */
    private static void awaitVersion(FederatedClient client, RoundAnnouncement round) throws InterruptedException {
        long version = round.baseVersion() + 1;
        poll(
                () -> {
                    if (client.aggregator().latestAdapter().version() >= version) {
                        return Boolean.TRUE;
                    }
                    String status = client.aggregator().round(round.round()).status();
                    if ("FAILED".equals(status) || "ABORTED".equals(status)) {
                        throw new IllegalStateException("round " + round.round() + " ended " + status + ": "
                                + client.aggregator().round(round.round()).outcome());
                    }
                    return null;
                },
                "adapter version " + version);
    }

    private static <T> T poll(Supplier<T> check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    /**
     * CPU time of the threads the aggregator started (those alive before it are excluded): Tomcat's connector
     * threads (request handling, TLS, validation, secure-aggregation messages), the round ticker (aggregation,
     * publishing) and the secure-aggregation session thread.
     */
    private static double aggregatorCpuSeconds(Set<Long> threadsBefore) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && !threadsBefore.contains(info.getThreadId())
                    && AGGREGATOR_THREADS.matcher(info.getThreadName()).lookingAt()) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    private static Set<Long> liveThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }
}
