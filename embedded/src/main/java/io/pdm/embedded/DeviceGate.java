package io.pdm.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded HiveMQ extension that refuses every CONNECT with "server unavailable" (MQTT 5 reason
 * 0x88, MQTT 3 return code 3) until {@link #open()} is called, except from the consumer whose client
 * ids start with {@code trustedPrefix} (ingest). With {@link MqttUsers}, it first refuses every CONNECT without a
 * known user name and password ("bad user name or password", MQTT 5 reason 0x86), ingest's included: HiveMQ CE
 * checks no credentials itself, and it allows one embedded extension, so both checks live here. Without a
 * {@code trustedPrefix} the gate starts open and only checks credentials.
 *
 * <p>Why: a device's QoS-1 PUBLISH is acknowledged by the broker as soon as the broker has it; if no
 * subscription matches yet (ingest not connected after a fresh start), the broker drops it and the
 * device never learns. Holding devices back until ingest's subscriptions exist makes every PUBACK a
 * promise. A gate in the broker (rather than opening the listener late) works because ingest and
 * devices share the one listener, and HiveMQ cannot add a listener at run time; refused devices retry
 * as they would after any broker restart.
 */
final class DeviceGate implements ExtensionMain {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceGate.class);

    private final String trustedPrefix;
    private final MqttUsers users;
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    private volatile boolean open;

    DeviceGate(String trustedPrefix, MqttUsers users) {
        this.trustedPrefix = trustedPrefix;
        this.users = users;
        this.open = trustedPrefix == null;
    }

    EmbeddedExtension extension() {
        return EmbeddedExtension.builder()
                .withId("pdm-device-gate")
                .withName("pdm device gate")
                .withVersion("1")
                .withAuthor("pdm")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(this)
                .build();
    }

    /** From now on every client may connect. */
    void open() {
        if (!open) {
            open = true;
            LOG.info("MQTT device gate open (refused {} connect(s) while closed)", refused.get());
        }
    }

    /**
     * Closes the gate again and disconnects every device admitted so far (waiting for each), so that
     * nothing is acknowledged to a device while the consumer or the broker is stopping. Devices that
     * try again are refused until {@link #open()}.
     */
    void shut() {
        open = false;
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (String id : admitted) {
            pending.add(Services.clientService()
                    .disconnectClient(id, false, DisconnectReasonCode.SERVER_SHUTTING_DOWN, "platform stopping"));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every device was disconnected before stopping: {}", e.toString());
        }
        LOG.info("MQTT device gate shut; {} device connection(s) closed", pending.size());
    }

    boolean isOpen() {
        return open;
    }

    long refused() {
        return refused.get();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = this::onConnect;
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    }

    private void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getConnectPacket().getClientId();
        if (users != null && !users.accepts(input.getConnectPacket())) {
            refused.incrementAndGet();
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        } else if (trustedPrefix != null && clientId.startsWith(trustedPrefix)) {
            output.authenticateSuccessfully();
        } else if (open) {
            admitted.add(clientId);
            output.authenticateSuccessfully();
        } else {
            refused.incrementAndGet();
            output.failAuthentication(
                    ConnackReasonCode.SERVER_UNAVAILABLE,
                    "the platform's consumer is not subscribed yet; retry shortly");
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
}
