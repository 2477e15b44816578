package io.pdm.ingest;

import java.util.Objects;

/** The result of validating one input: either a value or a {@link Rejection}, never both. */
public final class Outcome<T> {
    private final T value;
    private final Rejection rejection;

    private Outcome(T value, Rejection rejection) {
        this.value = value;
        this.rejection = rejection;
    }

    public static <T> Outcome<T> ok(T value) {
        return new Outcome<>(Objects.requireNonNull(value), null);
    }

    public static <T> Outcome<T> rejected(Rejection rejection) {
        return new Outcome<>(null, Objects.requireNonNull(rejection));
    }

    public static <T> Outcome<T> rejected(RejectReason reason, String field, String detail) {
        return rejected(new Rejection(reason, field, detail));
    }

    public boolean isOk() {
        return rejection == null;
    }

    /** The value; throws when rejected. */
    public T value() {
        if (rejection != null) throw new IllegalStateException("rejected: " + rejection);
        return value;
    }

    /** The rejection; throws when valid. */
    public Rejection rejection() {
        if (rejection == null) throw new IllegalStateException("not rejected");
        return rejection;
    }

    @Override
    public String toString() {
        return isOk() ? "Ok[" + value + "]" : "Rejected[" + rejection + "]";
    }
}
