package io.pdm.launcher.fl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraMerge;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pdm fl merge --base DIR --out DIR ADAPTER...}: K adapters of one base as one adapter whose weight change is
 * exactly the mean of theirs ({@link LoraMerge}: rank Σ r_k, modules to save averaged), served at the cost of one.
 * It predicts with the mean weights, which is not the members' mean prediction (the ensemble). Writes the PEFT
 * layout, the base it belongs to ({@value RemainingLifeModel#ADAPTER_ORIGIN}) and which members it was made of
 * ({@value #PROVENANCE}).
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = "Merge adapters of one base into one adapter whose LoRA weight change is exactly the members'"
                + " mean (rank = the sum of theirs; patch projection and heads averaged): one forward pass instead"
                + " of K. Not the ensemble's mean prediction. Checks every member belongs to --base.")
final class MergeCommand implements Callable<Integer> {
    /** The members the merged adapter was made of (directory, weights SHA-256, seed), beside the adapter. */
    static final String PROVENANCE = "pdm_merge.json";

    static final long MAX_ADAPTER_BYTES = 1L << 30;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ADAPTER", description = "PEFT adapter directories of --base.")
    List<Path> adapters;

    @Option(names = "--base", required = true, description = "The base model directory the adapters belong to.")
    Path base;

    @Option(names = "--out", required = true, description = "Directory of the merged adapter (must not hold one).")
    Path out;

    @Option(names = "--seeds", split = ",", description = "Each member's seed, in member order (recorded only).")
    List<Long> seeds;

    /** What was written: the merged adapter's directory, rank and member count. */
    record Merged(Path dir, int rank, int members) {}

    @Override
    public Integer call() throws IOException {
        Merged merged = merge(spec, base, adapters, seeds, out);
        System.out.printf(
                "merged %d adapters into %s: LoRA rank %d, one forward pass%n",
                merged.members(), merged.dir(), merged.rank());
        return 0;
    }

    /** Checks, merges and writes; shared with {@code pdm fl announce --merge}. Usage errors name the member. */
    static Merged merge(CommandSpec spec, Path base, List<Path> adapters, List<Long> seeds, Path out)
            throws IOException {
        if (seeds != null && seeds.size() != adapters.size()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--seeds gives " + seeds.size() + " seeds for " + adapters.size() + " adapters");
        }
        if (Files.exists(out.resolve(PeftAdapter.WEIGHTS_FILE))) {
            throw new ParameterException(spec.commandLine(), out + " already holds an adapter; not overwritten");
        }
        String baseHash = ModelCheckpoint.baseHash(base);
        List<String> names = new ArrayList<>();
        List<PeftAdapter> members = new ArrayList<>();
        List<Map<String, Object>> provenance = new ArrayList<>();
        for (int k = 0; k < adapters.size(); k++) {
            Path dir = adapters.get(k).toAbsolutePath().normalize();
            AnnounceCommand.requireOrigin(spec, base, dir, baseHash);
            String name = "member " + k + " (" + dir + ")";
            try {
                members.add(PeftAdapter.load(dir, MAX_ADAPTER_BYTES));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), name + ": " + e.getMessage());
            }
            names.add(name);
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("adapterDirectory", dir.toString());
            member.put("weightsSha256", PeftAdapter.weightsSha256(dir));
            if (seeds != null) member.put("seed", seeds.get(k));
            provenance.add(member);
        }
        PeftAdapter merged;
        try {
            merged = LoraMerge.merge(names, members);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        merged.save(out);
        RemainingLifeModel.writeOrigin(out, baseHash);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("base_hash", baseHash);
        record.put("rank", merged.config().r());
        record.put("members", provenance);
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve(PROVENANCE).toFile(), record);
        return new Merged(out.toAbsolutePath().normalize(), merged.config().r(), members.size());
    }
}
