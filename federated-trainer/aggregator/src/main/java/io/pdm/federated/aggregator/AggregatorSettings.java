package io.pdm.federated.aggregator;

import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.ReferenceUpdate;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.TlsMaterial;
import io.pdm.model.lora.PeftAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything the aggregator needs to start.
 *
 * @param port              HTTPS port; 0 picks a free one
 * @param revocationList    PEM CRL of the plants' CA, re-read when the file changes; null for none
 * @param plants            the registered plants: invited to every round, the only ones allowed in
 * @param seedAdapter       version 0 when the database has no adapter version yet
 * @param baseModelHash     hex SHA-256 of the base model.safetensors the adapters belong to
 * @param tickInterval      how often round deadlines are checked
 * @param spoolDirectory    where rounds under rules that need every delta spill them block-wise (a directory per
 *                          round, deleted when it closes); null for a temporary directory
 */
public record AggregatorSettings(
        int port,
        TlsMaterial tls,
        Path revocationList,
        Database database,
        SortedSet<String> plants,
        RoundPolicy policy,
        PeftAdapter seedAdapter,
        String baseModelHash,
        Duration tickInterval,
        ReferenceUpdate reference,
        Path spoolDirectory) {

    public AggregatorSettings {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(seedAdapter, "seedAdapter");
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        Objects.requireNonNull(tickInterval, "tickInterval");
        plants = Collections.unmodifiableSortedSet(new TreeSet<>(plants));
        if (plants.isEmpty()) {
            throw new IllegalArgumentException("register at least one plant");
        }
        if (policy.quorum() > plants.size()) {
            throw new IllegalArgumentException(
                    "quorum " + policy.quorum() + " exceeds the " + plants.size() + " registered plants");
        }
        if (policy.mode() == io.pdm.federated.protocol.AggregationMode.SECURE && plants.size() < 3) {
            throw new IllegalArgumentException(
                    "secure aggregation needs at least 3 registered plants, got " + plants.size());
        }
        if (policy.strategy().rule().needsReference() && reference == null) {
            throw new IllegalArgumentException(
                    "the " + policy.strategy().rule().getClass().getSimpleName()
                            + " rule needs the aggregator's reference update: give the aggregator trusted (root) data");
        }
        if (!baseModelHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("baseModelHash must be 64 lower-case hex digits (SHA-256)");
        }
    }

    /** With a temporary spool directory. */
    public AggregatorSettings(
            int port,
            TlsMaterial tls,
            Path revocationList,
            Database database,
            SortedSet<String> plants,
            RoundPolicy policy,
            PeftAdapter seedAdapter,
            String baseModelHash,
            Duration tickInterval,
            ReferenceUpdate reference) {
        this(
                port,
                tls,
                revocationList,
                database,
                plants,
                policy,
                seedAdapter,
                baseModelHash,
                tickInterval,
                reference,
                null);
    }

    /** Without a reference update: every rule but FLTrust. */
    public AggregatorSettings(
            int port,
            TlsMaterial tls,
            Path revocationList,
            Database database,
            SortedSet<String> plants,
            RoundPolicy policy,
            PeftAdapter seedAdapter,
            String baseModelHash,
            Duration tickInterval) {
        this(port, tls, revocationList, database, plants, policy, seedAdapter, baseModelHash, tickInterval, null);
    }

    public AggregatorSettings withTls(TlsMaterial newTls) {
        return new AggregatorSettings(
                port,
                newTls,
                revocationList,
                database,
                plants,
                policy,
                seedAdapter,
                baseModelHash,
                tickInterval,
                reference,
                spoolDirectory);
    }

    public AggregatorSettings withSpoolDirectory(Path directory) {
        return new AggregatorSettings(
                port,
                tls,
                revocationList,
                database,
                plants,
                policy,
                seedAdapter,
                baseModelHash,
                tickInterval,
                reference,
                directory);
    }

    public AggregatorSettings withPolicy(RoundPolicy newPolicy) {
        return new AggregatorSettings(
                port,
                tls,
                revocationList,
                database,
                plants,
                newPolicy,
                seedAdapter,
                baseModelHash,
                tickInterval,
                reference,
                spoolDirectory);
    }
}
