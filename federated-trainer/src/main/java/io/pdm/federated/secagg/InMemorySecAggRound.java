package io.pdm.federated.secagg;

import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one full round with every client and the server in this process, passing the messages directly. For tests,
 * benchmarks and simulations; production carries the same messages over the network.
 */
public final class InMemorySecAggRound {

    private InMemorySecAggRound() {
    }

    /**
     * @param inputs delta per client id; invited clients missing here never show up
     */
    public static SecAggResult run(SecAggConfig config, Map<Integer, float[]> inputs, DropoutSchedule dropouts,
                                   SecureRandom random) {
        SecAggServer server = new SecAggServer(config);
        Map<Integer, SecAggClient> clients = new TreeMap<>();
        inputs.keySet().forEach(id -> clients.put(id, new SecAggClient(id, config, random)));

        clients.values().forEach(client -> server.receive(client.advertiseKeys()));
        KeyDirectory directory = server.closeAdvertising();

        clients.values().stream().filter(client -> dropouts.isActiveAfterAdvertising(client.id()))
                .forEach(client -> server.receive(client.shareKeys(directory)));
        Map<Integer, SharesForClient> routed = server.closeKeySharing();

        clients.values().stream().filter(client -> dropouts.isActiveAfterSharing(client.id()))
                .forEach(client -> server.receive(client.maskInput(routed.get(client.id()), inputs.get(client.id()))));
        UnmaskingRequest request = server.closeInputCollection();

        clients.values().stream().filter(client -> dropouts.isActiveAfterMasking(client.id()))
                .forEach(client -> server.receive(client.unmask(request)));
        return server.finish();
    }
}
