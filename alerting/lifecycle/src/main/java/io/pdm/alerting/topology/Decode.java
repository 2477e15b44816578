package io.pdm.alerting.topology;

import io.pdm.alerting.lifecycle.Candidate;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.alerting.AlertCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step for every input: check it, find the asset that routes it, or turn it into a dead letter with the
 * reason. Nothing here can throw on bad bytes, so no input stops the topology.
 *
 * <p>Candidates and commands are keyed by the asset, so with the default partitioner an input already sits on the
 * partition of the task that owns its asset and is applied right here (one exactly-once transaction from input to
 * event). An input on any other partition (a producer that keys differently or picks partitions itself, a commands
 * topic with another partition count) and every silence (which every task must hold) is marked for the
 * {@code by-asset} repartition topic instead; the result is the same, one commit later.
 */
final class Decode implements Processor<byte[], byte[], String, Routed> {
    private final String plant;
    private final Routed.Kind kind;
    private final String source;
    private final CandidateReader candidates;
    private final CommandReader commands = new CommandReader();
    private final int partitions;
    /** The child each input goes to; null: every child gets every input and filters decide (the older wiring). */
    private final Wiring.Inputs children;

    private ProcessorContext<String, Routed> context;

    /** For the older wiring with filters behind the decoder. */
    Decode(String plant, Routed.Kind kind, String sourceTopic, int partitions) {
        this(plant, kind, sourceTopic, partitions, null, false);
    }

    /**
     * @param partitions the lifecycle's partitions (those of the alerts topic): what decides where an asset lives
     * @param children   the named children ({@link Wiring}), or null to forward to every child
     * @param reference  without the fast sheet check (the replay tests' reference)
     */
    Decode(
            String plant,
            Routed.Kind kind,
            String sourceTopic,
            int partitions,
            Wiring.Inputs children,
            boolean reference) {
        this.plant = plant;
        this.kind = kind;
        this.source = sourceTopic;
        this.candidates = new CandidateReader(plant, !reference);
        this.partitions = partitions;
        this.children = children;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> in) {
        long now = context.currentSystemTimeMs();
        try {
            if (kind == Routed.Kind.CANDIDATE) {
                // read whole (fact sheet too) here: mostly this task applies it, and then passes it on decoded
                Candidate c = candidates.read(in.value());
                boolean reroute = misrouted(c.asset());
                forward(c.fingerprint(), new Routed(kind, c.asset(), in.value(), reroute, reroute ? null : c), now);
            } else {
                AlertCommand c = commands.read(in.value());
                String key = c instanceof AlertCommand.OnAlert a
                        ? a.fingerprint()
                        : c.asset() != null ? c.asset() : c.commandId();
                forward(key, new Routed(kind, c.asset(), in.value(), misrouted(c.asset()), null), now);
            }
        } catch (Rejected why) {
            String asset = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
            byte[] letter = DeadLetters.encode(plant, asset, source, why, in.value(), Instant.ofEpochMilli(now));
            forward(new Record<>(
                    asset, new Routed(Routed.Kind.DEAD_LETTER, asset, letter), now, DeadLetters.headers(source, why)));
        }
    }

    /** True when the asset's task is not this one; a silence (no asset) always goes to every task. */
    private boolean misrouted(String asset) {
        if (asset == null) return true;
        int here = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        return Routed.partitionOf(asset, partitions) != here;
    }

    private void forward(String key, Routed routed, long now) {
        forward(new Record<>(key, routed, now, new RecordHeaders()));
    }

    private void forward(Record<String, Routed> r) {
        if (children == null) context.forward(r);
        else context.forward(r, children.of(r.value()));
    }
}
