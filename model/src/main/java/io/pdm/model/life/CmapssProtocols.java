package io.pdm.model.life;

import io.pdm.assets.lives.CmapssLives;
import io.pdm.model.config.SensorConfig;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The C-MAPSS protocol as a {@link LifeProtocol}, so a C-MAPSS base records its window, patch, channels and cycle
 * channel in {@value LifeProtocol#FILE} like any other base, and plants build their windows from it instead of
 * {@link ProtocolOptions#defaults()} (which once gave plants 30-cycle windows for a base pretrained on 50). The
 * normalisation stays per plant ({@link LifeProtocol#PER_PLANT}): each plant refits the per-condition z-scores on its
 * own engines and saves them beside its adapter.
 */
public final class CmapssProtocols {
    private CmapssProtocols() {}

    /** @param channelNames the fitted preprocessor's channel names (the kept sensors, then "cycle" if appended) */
    public static LifeProtocol describe(ProtocolOptions options, List<String> channelNames, SensorConfig sensors) {
        List<String> raw = channelNames.stream().filter(c -> !c.equals("cycle")).toList();
        return new LifeProtocol(
                CmapssLives.TYPE,
                "CYCLES",
                1.0,
                raw,
                LifeProtocol.PER_PLANT,
                null,
                null,
                options.window(),
                sensors.patchSize(),
                options.appendCycle(),
                options.rulCap(),
                sensors.classNames(),
                HealthStage.Thresholds.DEFAULT.healthyAbove(),
                HealthStage.Thresholds.DEFAULT.degradingAbove(),
                null);
    }

    /**
     * The protocol options a C-MAPSS base was pretrained with. Only a base of this protocol ({@code pdm model pretrain
     * --cmapss}: per-condition z-scores refitted by each plant) qualifies: a turbofan base of the life path
     * ({@code --asset-type}) keeps its own pooled or per-regime statistics, which this path would silently replace.
     */
    public static ProtocolOptions options(LifeProtocol protocol) {
        if (!CmapssLives.TYPE.equals(protocol.assetType())) {
            throw new ProtocolMismatchException(
                    "the base model is for asset type " + protocol.assetType() + ", not " + CmapssLives.TYPE);
        }
        if (!LifeProtocol.PER_PLANT.equals(protocol.normalisation())) {
            throw new ProtocolMismatchException("the base model was pretrained on the asset type's lives with "
                    + protocol.normalisation() + " normalisation"
                    + (protocol.regimes() == null
                            ? ""
                            : " over " + protocol.regimes().count() + " regimes")
                    + "; the C-MAPSS plant path refits each plant's per-condition z-scores and would ignore the base's"
                    + " statistics: train it on the plant's stored lives (pdm fl plant) or pretrain with --cmapss");
        }
        return ProtocolOptions.defaults()
                .withWindow(protocol.window())
                .withRulCap((int) Math.round(protocol.rulCap()))
                .withCycleChannel(protocol.ageChannel());
    }

    /**
     * The options to prepare a plant's C-MAPSS windows for this base: the base's own when it records them, the
     * defaults for a base written before bases carried {@value LifeProtocol#FILE}.
     */
    public static ProtocolOptions forBase(Path baseDir) throws IOException {
        return LifeProtocol.readIfPresent(baseDir).map(CmapssProtocols::options).orElse(ProtocolOptions.defaults());
    }

    /** Refuses options whose window or cycle channel differ from the base's (when it records them). */
    public static void requireCompatible(Path baseDir, ProtocolOptions options, String who) throws IOException {
        var recorded = LifeProtocol.readIfPresent(baseDir);
        if (recorded.isPresent()) {
            LifeProtocol p = recorded.get();
            p.requireWindow(options.window(), who);
            if (p.ageChannel() != options.appendCycle()) {
                throw new ProtocolMismatchException(who + (options.appendCycle() ? " appends" : " does not append")
                        + " the cycle channel but the base model was trained " + (p.ageChannel() ? "with" : "without")
                        + " it (" + LifeProtocol.FILE + ")");
            }
        }
    }
}
