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
 */
final class Decode implements Processor<byte[], byte[], String, Routed> {
    private final String plant;
    private final Routed.Kind kind;
    private final String source;
    private final CandidateReader candidates;
    private final CommandReader commands = new CommandReader();
    private ProcessorContext<String, Routed> context;

    Decode(String plant, Routed.Kind kind, String sourceTopic) {
        this.plant = plant;
        this.kind = kind;
        this.source = sourceTopic;
        this.candidates = new CandidateReader(plant);
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
                Candidate c = candidates.readForRouting(in.value());
                forward(c.fingerprint(), new Routed(kind, c.asset(), in.value()), now);
            } else {
                AlertCommand c = commands.read(in.value());
                String key = c instanceof AlertCommand.OnAlert a
                        ? a.fingerprint()
                        : c.asset() != null ? c.asset() : c.commandId();
                forward(key, new Routed(kind, c.asset(), in.value()), now);
            }
        } catch (Rejected why) {
            String asset = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
            byte[] letter = DeadLetters.encode(plant, asset, source, why, in.value(), Instant.ofEpochMilli(now));
            context.forward(new Record<>(
                    asset, new Routed(Routed.Kind.DEAD_LETTER, asset, letter), now, DeadLetters.headers(source, why)));
        }
    }

    private void forward(String key, Routed routed, long now) {
        context.forward(new Record<>(key, routed, now, new RecordHeaders()));
    }
}
