package io.pdm.alerting.topology;

/**
 * The names of the nodes the topology's processors forward to. A processor sends each record to the one child that
 * takes it ({@code ProcessorContext.forward(record, child)}) instead of to every child with a filter in front of each:
 * in the broker bench's profile the DSL's filters and merges (nine nodes from the source to the lifecycle, a forward
 * each) were 8 % of the stream thread, a third of Kafka Streams' own per-record work (docs/results/alerting.md,
 * seventh session).
 * Node names only; the internal topics keep their names (they come from the stores and {@code by-asset}).
 */
final class Wiring {
    /** The sinks, children of the lifecycle processor. */
    static final String EVENTS = "maintenance-events", STATES = "alerts-state", REJECTED = "dlq-rejected";

    /** The merge in front of the {@code by-asset} repartition topic, a child of both decoders. */
    static final String MISROUTED = "misrouted";

    /** A decoder's children: each input goes to exactly one of them. */
    record Inputs(String refused, String misrouted, String inPlace) {
        /** The child that takes {@code r}. */
        String of(Routed r) {
            if (r.kind() == Routed.Kind.DEAD_LETTER) return refused;
            return r.reroute() ? misrouted : inPlace;
        }
    }

    /** The candidates' decoder: refused to the dead letters, misrouted across the topic, the rest to the lifecycle. */
    static final Inputs CANDIDATES = new Inputs("refused-candidates", MISROUTED, "owned");

    /** The commands' decoder: its in-place commands meet the rerouted inputs in a merge before {@code owned}. */
    static final Inputs COMMANDS = new Inputs("refused-commands", MISROUTED, "owned-commands");

    private Wiring() {}
}
