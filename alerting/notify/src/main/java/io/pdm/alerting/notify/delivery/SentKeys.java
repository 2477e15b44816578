package io.pdm.alerting.notify.delivery;

/**
 * The memory of what was sent, per receiver (a channel and its address) and idempotency key, so one notification is
 * never sent twice to the same receiver. A key is claimed before the first attempt (so two threads racing with the
 * same notification send once) and released when every attempt failed (so a later try may send it).
 *
 * <p>{@link InMemorySentKeys} forgets everything on restart; {@link FileSentKeys} also appends every key that was
 * sent to a file and reads it back on start, so a notification replayed after a crash or restart is recognised.
 * Without a durable one, a restart relies on the receiver: the webhook {@code Idempotency-Key} header and the e-mail
 * {@code Message-ID} carry the same key as before the restart.
 */
public interface SentKeys {
    /** True when the caller now owns the key and should send; false when it was sent or is being sent. */
    boolean claim(String receiver, String idempotencyKey);

    /** The send failed: the key may be claimed again. */
    void release(String receiver, String idempotencyKey);

    /**
     * The receiver accepted it: a durable memory records the key now (not at {@link #claim}, so a crash between the
     * claim and the receiver's answer sends again rather than never). The in-memory one has nothing more to do.
     */
    default void sent(String receiver, String idempotencyKey) {}
}
