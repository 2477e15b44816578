package io.pdm.features.flink;

import io.pdm.features.math.ScalarStats;
import io.pdm.features.math.WaveformStats;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Explicit serializer for window state, so checkpoints never fall back to Kryo. Format v1:
 * messages, #scalars, (name, ScalarStats)*, #waveforms, (name, WaveformStats)*.
 */
public final class AccumulatorSerializer extends TypeSerializerSingleton<WindowAccumulator> {
    private static final long serialVersionUID = 1L;
    public static final AccumulatorSerializer INSTANCE = new AccumulatorSerializer();

    /** TypeInformation for {@code WindowedStream.aggregate(..., accType, ...)}. */
    public static final TypeInformation<WindowAccumulator> TYPE = new Info();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from) {
        WindowAccumulator c = new WindowAccumulator();
        c.merge(from); // merging into an empty accumulator deep-copies scalars...
        c.waveforms.replaceAll((k, v) -> WaveformStats.fromArray(v.toArray())); // ...and un-shares waveforms
        return c;
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from, WindowAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowAccumulator acc, DataOutputView out) throws IOException {
        out.writeInt(acc.messages);
        out.writeInt(acc.scalars.size());
        for (Map.Entry<String, ScalarStats> e : acc.scalars.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().write(out);
        }
        out.writeInt(acc.waveforms.size());
        for (Map.Entry<String, WaveformStats> e : acc.waveforms.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().write(out);
        }
    }

    @Override
    public WindowAccumulator deserialize(DataInputView in) throws IOException {
        WindowAccumulator acc = new WindowAccumulator();
        acc.messages = in.readInt();
        for (int i = in.readInt(); i > 0; i--) acc.scalars.put(in.readUTF(), ScalarStats.read(in));
        for (int i = in.readInt(); i > 0; i--) acc.waveforms.put(in.readUTF(), WaveformStats.read(in));
        return acc;
    }

    @Override
    public WindowAccumulator deserialize(WindowAccumulator reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    private static final class Info extends TypeInformation<WindowAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<WindowAccumulator> getTypeClass() {
            return WindowAccumulator.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<WindowAccumulator> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "WindowAccumulator";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }
}
