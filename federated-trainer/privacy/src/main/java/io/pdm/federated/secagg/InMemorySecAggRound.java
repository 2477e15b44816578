package io.pdm.federated.secagg;

import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one full round with every client and the server in this process, passing the messages directly. For tests,
 * benchmarks and simulations; production carries the same messages over the network. Client steps run in
 * parallel (each client is independent); the server consumes their messages one at a time.
 */
public final class InMemorySecAggRound {

    /** Told how long each phase took, clients and server together. */
    @FunctionalInterface
    public interface PhaseTimer {
        PhaseTimer NONE = (phase, elapsed) -> {};

        void phaseCompleted(String phase, Duration elapsed);
    }

    private InMemorySecAggRound() {}

    /** @param inputs delta per client id; invited clients missing here never show up */
    public static SecAggResult run(
            SecAggConfig config, Map<Integer, float[]> inputs, DropoutSchedule dropouts, SecureRandom random) {
        return run(config, inputs, dropouts, random, PhaseTimer.NONE);
    }

    public static SecAggResult run(
            SecAggConfig config,
            Map<Integer, float[]> inputs,
            DropoutSchedule dropouts,
            SecureRandom random,
            PhaseTimer timer) {
        SecAggServer server = new SecAggServer(config);
        Map<Integer, SecAggClient> clients = new TreeMap<>();
        inputs.keySet().forEach(id -> clients.put(id, new SecAggClient(id, config, random)));

        long start = System.nanoTime();
        inParallel(clients, client -> true, SecAggClient::advertiseKeys).forEach(server::receive);
        server.closeAdvertising();
        start = report(timer, "advertise keys", start);

        inParallel(
                        clients,
                        client -> dropouts.isActiveAfterAdvertising(client.id()),
                        client -> client.shareKeys(server.directoryFor(client.id())))
                .forEach(server::receive);
        Map<Integer, SharesForClient> routed = server.closeKeySharing();
        start = report(timer, "share keys", start);

        inParallel(
                        clients,
                        client -> dropouts.isActiveAfterSharing(client.id()),
                        client -> client.maskInput(routed.get(client.id()), inputs.get(client.id())))
                .forEach(server::receive);
        UnmaskingRequest request = server.closeInputCollection();
        start = report(timer, "mask inputs", start);

        inParallel(clients, client -> dropouts.isActiveAfterMasking(client.id()), client -> client.unmask(request))
                .forEach(server::receive);
        SecAggResult result = server.finish();
        report(timer, "unmask", start);
        return result;
    }

    private static <M> List<M> inParallel(
            Map<Integer, SecAggClient> clients, Predicate<SecAggClient> active, Function<SecAggClient, M> step) {
        return clients.values().parallelStream().filter(active).map(step).toList();
    }

    private static long report(PhaseTimer timer, String phase, long start) {
        long now = System.nanoTime();
        timer.phaseCompleted(phase, Duration.ofNanos(now - start));
        return now;
    }
}
