package io.pdm.bench.federated;

import io.pdm.federated.pki.DevCertificateAuthority;
import io.pdm.federated.pki.DevPki;
import io.pdm.federated.pki.DevPkiFiles;
import io.pdm.federated.pki.IssuedCredential;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.plant.AggregatorClient;
import io.pdm.federated.plant.SigningCredential;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.rules.AggregationResult;
import io.pdm.federated.rules.BlockedRules;
import io.pdm.federated.rules.StrategyRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One aggregation round at scale through the real service: the aggregator (HTTPS with client certificates,
 * PostgreSQL, the round's spool directory) runs in a child JVM with {@code -Xmx1g}; N simulated plants, each with
 * its own client certificate, fetch the round and upload their distinct delta ({@link SyntheticDeltas}) over mTLS.
 * Per scenario it prints the round's time (first upload to published version), the bytes uploaded, the child's peak
 * heap, and a baseline measured in the same run: the same rule over the same deltas in this process's memory, with no
 * network, parsing or database. The published version is checked against that baseline. The CPU columns say who
 * paid for the round on this machine: the aggregator's JVM (start-up included) and this JVM, which runs every
 * simulated plant (their TLS, key agreement, sharing and masking, and the byte-counting relay), from the round's
 * announcement to its publication.
 */
public final class AggregationServiceBench {

    static final String BASE_MODEL_HASH = "5c".repeat(32);
    private static final String PASSWORD = "scale-bench";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    /**
     * One round: how many plants, the delta size, the rule (registry name), PLAIN or SECURE, and in SECURE mode the
     * neighbourhood (RoundPolicy.secureNeighbours: 0 from the bound, −1 complete graph, or k).
     */
    public record Scenario(int plants, int parameters, String rule, AggregationMode mode, int neighbours) {

        public Scenario {
            StrategyRegistry.rule(rule);
        }

        public Scenario(int plants, int parameters, String rule, AggregationMode mode) {
            this(plants, parameters, rule, mode, 0);
        }

        String label() {
            return mode == AggregationMode.SECURE ? "secagg" : rule;
        }
    }

    /** What one round measured. */
    public record Row(
            Scenario scenario,
            double roundSeconds,
            long uploadedBytes,
            long peakHeapBytes,
            long maxHeapBytes,
            double baselineSeconds,
            double maxDifference,
            double aggregatorCpuSeconds,
            double plantsCpuSeconds,
            int neighbours,
            int threshold) {

        double ratio() {
            return roundSeconds / baselineSeconds;
        }
    }

    private AggregationServiceBench() {}

    /**
     * @param databases a fresh PostgreSQL JDBC URL per name prefix
     * @param childHeap the aggregator JVM's -Xmx, e.g. "1g"
     */
    public static List<Row> run(
            List<Scenario> scenarios,
            long seed,
            UnaryOperator<String> databases,
            Path work,
            String childHeap,
            PrintStream out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "aggregation through the service: aggregator JVM -Xmx%s, %d cores, seed %d%n",
                childHeap,
                Runtime.getRuntime().availableProcessors(),
                seed);
        out.printf(
                Locale.ROOT,
                "%-13s %6s %10s %9s %11s %13s %11s %7s %10s %9s %12s %5s %5s%n",
                "scenario",
                "plants",
                "params",
                "round s",
                "uploaded MB",
                "peak heap MiB",
                "baseline s",
                "ratio",
                "max |diff|",
                "agg CPU s",
                "plants CPU s",
                "k",
                "t");
        List<Row> rows = new ArrayList<>();
        int index = 0;
        for (Scenario scenario : scenarios) {
            Row row = run(scenario, seed, databases.apply("fl_scale"), work.resolve("scenario-" + ++index), childHeap);
            out.printf(
                    Locale.ROOT,
                    "%-13s %6d %10d %9.1f %11.0f %13.0f %11.2f %7.1f %10.2g %9.1f %12.1f %5s %5s%n",
                    scenario.label(),
                    scenario.plants(),
                    scenario.parameters(),
                    row.roundSeconds(),
                    row.uploadedBytes() / 1e6,
                    row.peakHeapBytes() / 1048576.0,
                    row.baselineSeconds(),
                    row.ratio(),
                    row.maxDifference(),
                    row.aggregatorCpuSeconds(),
                    row.plantsCpuSeconds(),
                    row.neighbours() < 0 ? "-" : Integer.toString(row.neighbours()),
                    row.threshold() < 0 ? "-" : Integer.toString(row.threshold()));
            out.flush();
            rows.add(row);
        }
        return rows;
    }

    static Row run(Scenario scenario, long seed, String jdbcUrl, Path work, String childHeap) throws Exception {
        SyntheticDeltas deltas = new SyntheticDeltas(seed, scenario.plants(), scenario.parameters());
        Federation federation = Federation.issue(deltas.plantNames(), work.resolve("pki"));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + childHeap,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ScaleAggregatorProcess.class.getName(),
                        jdbcUrl,
                        work.resolve("pki").toString(),
                        PASSWORD,
                        Integer.toString(scenario.plants()),
                        Integer.toString(scenario.parameters()),
                        Long.toString(seed),
                        scenario.rule(),
                        scenario.mode().name(),
                        work.resolve("spool").toString(),
                        Integer.toString(scenario.neighbours()))
                .redirectError(work.resolve("aggregator.err").toFile());
        Process child = builder.start();
        try {
            ChildLines lines = new ChildLines(child, work.resolve("aggregator.log"));
            int port = Integer.parseInt(lines.await("PORT").get(0));
            URI url = URI.create("https://localhost:" + port);
            AggregatorClient observer = new AggregatorClient(
                    url, federation.context(deltas.plantNames().get(0)), TIMEOUT);
            RoundAnnouncement round = awaitRound(observer);
            long start = System.nanoTime();
            long plantsCpuStart = ScaleAggregatorProcess.processCpuNanos();
            long uploaded = SimulatedPlants.run(scenario.mode(), deltas, round, url, federation, TIMEOUT);
            while (observer.latestAdapter().version() < 1) {
                requireRoundAlive(observer, round);
                Thread.sleep(20);
            }
            double roundSeconds = (System.nanoTime() - start) / 1e9;
            double plantsCpuSeconds = (ScaleAggregatorProcess.processCpuNanos() - plantsCpuStart) / 1e9;
            PrintWriter commands = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
            commands.println("HEAP");
            List<String> heap = lines.await("HEAP");
            float[] published = AdapterArithmetic.modelNamed(AdapterArithmetic.weights(observer.adapter(1)))
                    .flatten();

            long baselineStart = System.nanoTime();
            AggregationResult baseline = scenario.rule().equals("fedavg")
                    ? deltas.inMemoryFedAvg()
                    : BlockedRules.aggregate(
                            StrategyRegistry.rule(scenario.rule()).defaults().get(), deltas.blocks(), null);
            double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
            float[] seedWeights = deltas.seedAdapter().weights().flatten();
            float[] expected = baseline.delta();
            double maxDifference = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(published[i] - (seedWeights[i] + expected[i])));
            }
            commands.close();
            return new Row(
                    scenario,
                    roundSeconds,
                    uploaded,
                    Long.parseLong(heap.get(0)),
                    Long.parseLong(heap.get(1)),
                    baselineSeconds,
                    maxDifference,
                    Long.parseLong(heap.get(2)) / 1e9,
                    plantsCpuSeconds,
                    round.secure() == null ? -1 : round.secure().neighbours(),
                    round.secure() == null ? -1 : round.secure().threshold());
        } finally {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static RoundAnnouncement awaitRound(AggregatorClient observer) throws InterruptedException {
        Instant until = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(until)) {
            Optional<RoundAnnouncement> round = observer.currentRound();
            if (round.isPresent()) {
                return round.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the aggregator opened no round within " + TIMEOUT);
    }

    private static void requireRoundAlive(AggregatorClient observer, RoundAnnouncement round) {
        String status = observer.round(round.round()).status();
        if (status.equals("FAILED") || status.equals("ABORTED")) {
            throw new IllegalStateException("round " + round.round() + " " + status + ": "
                    + observer.round(round.round()).outcome());
        }
    }

    /** The CA, the aggregator's files, and every plant's credential kept in memory (no key store per plant). */
    record Federation(Map<String, IssuedCredential> plants, X509Certificate ca) {

        SigningCredential signing(String plant) {
            IssuedCredential credential = plants.get(plant);
            return new SigningCredential(credential.privateKey(), credential.certificate(), List.of(ca));
        }

        static Federation issue(List<String> plantNames, Path directory) throws IOException {
            Duration validity = Duration.ofDays(1);
            DevCertificateAuthority ca = DevCertificateAuthority.create("pdm scale-bench CA", validity);
            Map<String, IssuedCredential> plants = new LinkedHashMap<>();
            for (String plant : plantNames) {
                plants.put(plant, ca.issuePlantCertificate(new PlantIdentity(plant), validity));
            }
            Instant now = Instant.now();
            DevPkiFiles.writeAll(
                    directory,
                    ca,
                    Map.of(
                            DevPki.AGGREGATOR,
                            ca.issueServerCertificate(DevPki.AGGREGATOR, List.of("localhost", "127.0.0.1"), validity)),
                    ca.revocationList(List.of(), now.minusSeconds(60), now.plus(validity)),
                    PASSWORD.toCharArray());
            return new Federation(plants, ca.certificate());
        }

        SSLContext context(String plant) {
            try {
                IssuedCredential credential = plants.get(plant);
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        plant,
                        credential.privateKey(),
                        new char[0],
                        credential.chain().toArray(Certificate[]::new));
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, new char[0]);
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                trusted.setCertificateEntry("ca", ca);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trusted);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the TLS context of " + plant, e);
            }
        }
    }

    /** The child's stdout: marker lines go to a queue, the rest (its log) to a file. */
    private static final class ChildLines {
        private final BlockingQueue<String> markers = new LinkedBlockingQueue<>();

        ChildLines(Process child, Path log) throws IOException {
            PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log), true);
            Thread pump = new Thread(
                    () -> {
                        try (BufferedReader reader = new BufferedReader(
                                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                                if (line.startsWith(ScaleAggregatorProcess.MARKER)) {
                                    markers.add(line.substring(ScaleAggregatorProcess.MARKER.length()));
                                } else {
                                    logFile.println(line);
                                }
                            }
                        } catch (IOException e) {
                            logFile.println("stdout pump stopped: " + e);
                        } finally {
                            logFile.close();
                            markers.add("EXIT");
                        }
                    },
                    "scale-bench-child-stdout");
            pump.setDaemon(true);
            pump.start();
        }

        /** The fields of the next marker line with this tag. */
        List<String> await(String tag) throws InterruptedException {
            String line = markers.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (line == null || !line.startsWith(tag + " ")) {
                throw new IllegalStateException("the aggregator process sent " + line + " instead of " + tag
                        + " (see its log and aggregator.err)");
            }
            return List.of(line.substring(tag.length() + 1).split(" "));
        }
    }
}
