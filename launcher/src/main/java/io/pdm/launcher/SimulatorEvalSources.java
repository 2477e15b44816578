package io.pdm.launcher;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.bench.inference.EvalSource;
import io.pdm.devices.lives.PumpLives;
import io.pdm.launcher.model.PumpBaseModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated fleets {@code pdm alerts eval --simulator} replays: the demo's pump-set with its cached base (the
 * default, unchanged), or another type the simulator's pumps are read as ({@code --asset-type FILE}, e.g. the hourly
 * {@code pump-set-field} on a fleet of 60-day lives) with a base pretrained for it ({@code --sim-base DIR}).
 */
final class SimulatorEvalSources {
    private final AlertsCommand.Eval eval;

    SimulatorEvalSources(AlertsCommand.Eval eval) {
        this.eval = eval;
    }

    List<EvalSource> sources() throws Exception {
        return eval.simType == null ? demo() : ofType();
    }

    private List<EvalSource> demo() throws Exception {
        if (eval.simBase != null) {
            throw new IllegalArgumentException("--sim-base goes with --asset-type; the pump-set base is cached");
        }
        AssetType type = AssetTypes.builtIn("pump-set");
        List<Long> baseSeeds = eval.pumpBaseSeeds == null ? PumpBaseModel.DEMO_SEEDS : List.copyOf(eval.pumpBaseSeeds);
        List<Long> overlap = eval.seeds.stream().filter(baseSeeds::contains).toList();
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("the pump base would be pretrained on replayed seeds " + overlap
                    + ": choose --pump-base-seeds apart from --seeds");
        }
        // the overrides and the fleet are checked before any work (a base may take minutes to pretrain)
        Map<String, AssetType> variants = eval.withPolicies(type);
        PumpLives fleet = eval.fleet.lives(type, eval.seeds, eval.simHours);
        if (!eval.fleet.demoScale()) {
            throw new IllegalArgumentException("the pump-set type and its cached base are made for the demo's"
                    + " 90-minute lives: give --asset-type (e.g. pump-set-field.json) and --sim-base for another"
                    + " time scale");
        }
        Path base = PumpBaseModel.ensure(eval.modelCache, System.out, baseSeeds, eval.pumpBaseWindow, eval.pumpBaseAge);
        String from = "simulator seeds " + baseSeeds
                + (eval.pumpBaseWindow == null ? "" : ", " + eval.pumpBaseWindow + "-step windows")
                + (eval.pumpBaseAge ? ", age channel" : "")
                + " (pump base; 20 % of pumps choose the epoch and calibrate)";
        return sources(variants, fleet, base, from);
    }

    private List<EvalSource> ofType() throws Exception {
        if (eval.simBase == null) {
            throw new IllegalArgumentException("--asset-type needs --sim-base DIR: pretrain it with `pdm model"
                    + " pretrain --asset-type FILE --lives sim:SEEDS` on seeds apart from --seeds");
        }
        if (eval.pumpBaseSeeds != null || eval.pumpBaseWindow != null || eval.pumpBaseAge) {
            throw new IllegalArgumentException(
                    "--pump-base-* recipe the cached pump-set base; with --asset-type the" + " base is --sim-base");
        }
        AssetType type = AssetTypes.load(eval.simType);
        Map<String, AssetType> variants = eval.withPolicies(type);
        PumpLives fleet = eval.fleet.lives(type, eval.seeds, eval.simHours);
        return sources(variants, fleet, eval.simBase, "given: " + eval.simBase);
    }

    private List<EvalSource> sources(Map<String, AssetType> variants, PumpLives fleet, Path base, String from)
            throws Exception {
        System.out.printf(
                "simulating %d × %d h of %d pumps (mean life %s, inspections every %s) as %s%n",
                fleet.seeds().size(),
                fleet.simulated().toHours(),
                fleet.fleet().assetsPerPlant(),
                fleet.fleet().meanLife(),
                fleet.fleet().inspectionInterval(),
                fleet.type().id());
        // censored stretches (running when the simulation stops) count for healthy running only
        List<Life> lives = fleet.lives();
        List<EvalSource> out = new ArrayList<>();
        for (Map.Entry<String, AssetType> v : variants.entrySet()) {
            out.add(new EvalSource("simulator seeds " + eval.seeds + v.getKey(), v.getValue(), base, from, lives));
        }
        return out;
    }
}
