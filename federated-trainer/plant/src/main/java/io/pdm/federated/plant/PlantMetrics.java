package io.pdm.federated.plant;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The plant trainer's meters, read from the service's own state on each scrape (nothing to keep in step):
 * {@value #PARTICIPATIONS}{outcome} per round it tried (contributed, declined, refused) and {@value #ADAPTER_VERSION},
 * the global version it serves (-1 before the first).
 */
public final class PlantMetrics {
    public static final String PARTICIPATIONS = "fl.plant.participations";
    public static final String ADAPTER_VERSION = "fl.plant.adapter.version";

    private PlantMetrics() {}

    public static void bind(PlantService service, MeterRegistry registry) {
        String plant = service.plant();
        outcome(registry, plant, "contributed", service, Participation.Contributed.class);
        outcome(registry, plant, "declined", service, Participation.Declined.class);
        outcome(registry, plant, "refused", service, Participation.Refused.class);
        Supplier<Number> version = () -> service.client()
                .currentAdapter()
                .map(AdapterStore.StoredAdapter::version)
                .orElse(-1L);
        Gauge.builder(ADAPTER_VERSION, version)
                .tag("plant", plant)
                .description("the global adapter version the plant serves")
                .register(registry);
    }

    private static void outcome(
            MeterRegistry registry,
            String plant,
            String outcome,
            PlantService service,
            Class<? extends Participation> kind) {
        FunctionCounter.builder(PARTICIPATIONS, service, s -> s.participations(kind))
                .tags("plant", plant, "outcome", outcome)
                .description("rounds the plant took part in, by what came of it")
                .register(registry);
    }
}
