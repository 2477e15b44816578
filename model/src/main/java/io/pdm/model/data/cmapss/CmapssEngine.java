package io.pdm.model.data.cmapss;

import java.util.Arrays;

/**
 * One engine's trajectory: row {@code i} is cycle {@code i + 1} (the loader checks that cycles run
 * 1, 2, 3, … without gaps). Training engines run to failure at their last cycle; test engines stop
 * some time before failure. Arrays are copied in and out, so an engine cannot change after creation.
 *
 * @param unit     unit number as in the file
 * @param settings cycles × 3 operational settings (altitude, Mach number, throttle resolver angle)
 * @param sensors  cycles × 21 sensor measurements s1…s21
 */
public record CmapssEngine(int unit, float[][] settings, float[][] sensors) {
    public static final int SETTINGS = 3;
    public static final int SENSORS = 21;

    public CmapssEngine {
        if (settings.length != sensors.length || settings.length == 0) {
            throw new IllegalArgumentException(
                    "unit " + unit + ": " + settings.length + " setting rows but " + sensors.length + " sensor rows");
        }
        for (int i = 0; i < settings.length; i++) {
            if (settings[i].length != SETTINGS || sensors[i].length != SENSORS) {
                throw new IllegalArgumentException(
                        "unit " + unit + " cycle " + (i + 1) + ": expected 3 settings and 21 sensors");
            }
        }
        settings = deepCopy(settings);
        sensors = deepCopy(sensors);
    }

    public int cycles() {
        return sensors.length;
    }

    @Override
    public float[][] settings() {
        return deepCopy(settings);
    }

    @Override
    public float[][] sensors() {
        return deepCopy(sensors);
    }

    /** Operational setting name as replayed over MQTT: index 0 is "setting1". */
    public static String settingName(int index) {
        return "setting" + (index + 1);
    }

    /** Sensor name as used in the literature: index 0 is "s1". */
    public static String sensorName(int index) {
        return "s" + (index + 1);
    }

    /**
     * Piecewise-linear training target per cycle: remaining cycles until the last (failure) cycle,
     * capped at {@code rulCap}, because early-life degradation is not observable in the sensors.
     */
    public float[] cappedRul(int rulCap) {
        float[] rul = new float[cycles()];
        for (int i = 0; i < rul.length; i++) {
            rul[i] = Math.min(rulCap, rul.length - 1 - i);
        }
        return rul;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CmapssEngine e
                && unit == e.unit
                && Arrays.deepEquals(settings, e.settings)
                && Arrays.deepEquals(sensors, e.sensors);
    }

    @Override
    public int hashCode() {
        return 31 * Integer.hashCode(unit) + Arrays.deepHashCode(sensors);
    }

    @Override
    public String toString() {
        return "CmapssEngine[unit=" + unit + ", cycles=" + cycles() + "]";
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
