package io.pdm.inference.policy;

/**
 * The on-delay / clear-delay state of one alert (one fingerprint) of an asset. Each step says whether
 * the evidence calls for the alert ({@code raise}) and whether it allows clearing ({@code clear}); a
 * step with neither (inside the hysteresis band) resets both counters and keeps the state.
 */
final class Track {
    private int raiseRun;
    private int clearRun;
    private boolean active;
    private int severity;
    private String failureMode;

    enum Change {
        NONE,
        RAISED,
        UPDATED,
        CLEARED
    }

    Change step(boolean raise, boolean clear, int newSeverity, String mode, PolicySettings settings) {
        raiseRun = raise ? raiseRun + 1 : 0;
        clearRun = clear && !raise ? clearRun + 1 : 0;
        if (!active) {
            if (raiseRun >= settings.onDelay()) {
                active = true;
                severity = newSeverity;
                failureMode = mode;
                return Change.RAISED;
            }
            return Change.NONE;
        }
        if (clearRun >= settings.clearDelay()) {
            active = false;
            return Change.CLEARED;
        }
        if (raise && Severity.band(newSeverity) > Severity.band(severity)) {
            severity = newSeverity;
            return Change.UPDATED;
        }
        return Change.NONE;
    }

    boolean active() {
        return active;
    }

    int severity() {
        return severity;
    }

    /**
     * The failure mode of the current (or last cleared) alert: fixed when it is raised, so a flip of the
     * likeliest mode does not create a new alert.
     */
    String failureMode() {
        return failureMode;
    }
}
