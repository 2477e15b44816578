package io.pdm.federated.secagg;

import java.util.Set;

/**
 * Which clients go silent at which point of an {@link InMemorySecAggRound}, to exercise dropout handling.
 *
 * @param afterAdvertisingKeys advertise keys, then send nothing more (not in U2)
 * @param afterSharingKeys     share keys, then never send a masked input (in U2, not in U3: masks reconstructed)
 * @param afterMaskingInput    send a masked input, then never answer the unmasking request (still in the sum)
 */
public record DropoutSchedule(
        Set<Integer> afterAdvertisingKeys, Set<Integer> afterSharingKeys, Set<Integer> afterMaskingInput) {

    public static final DropoutSchedule NONE = new DropoutSchedule(Set.of(), Set.of(), Set.of());

    public DropoutSchedule {
        afterAdvertisingKeys = Set.copyOf(afterAdvertisingKeys);
        afterSharingKeys = Set.copyOf(afterSharingKeys);
        afterMaskingInput = Set.copyOf(afterMaskingInput);
    }

    boolean isActiveAfterAdvertising(int client) {
        return !afterAdvertisingKeys.contains(client);
    }

    boolean isActiveAfterSharing(int client) {
        return isActiveAfterAdvertising(client) && !afterSharingKeys.contains(client);
    }

    boolean isActiveAfterMasking(int client) {
        return isActiveAfterSharing(client) && !afterMaskingInput.contains(client);
    }
}
