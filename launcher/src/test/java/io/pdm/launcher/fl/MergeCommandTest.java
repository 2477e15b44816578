package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.launcher.Pdm;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.LoraMerge;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pdm fl merge} on adapter directories: writes LoraMerge's adapter in the PEFT layout with the base it belongs
 * to and its members' provenance; refuses a member of another base or of another shape, naming it, and an output
 * that already holds an adapter. (Scoring a merged adapter on real DJL through the inference service's loader:
 * MergedAdapterIT in inference-service.)
 */
class MergeCommandTest {
    private static final String Q = "model.layers.0.self_attn.q_proj";

    @TempDir
    Path dir;

    Path base() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve(ModelCheckpoint.WEIGHTS), "base weights");
        return base;
    }

    static PeftAdapter adapter(int r, int width, long seed) {
        Random random = new Random(seed);
        TensorDict.Builder w = TensorDict.builder();
        w.put(Q + ".lora_A.weight", gaussian(random, r * 4), r, 4);
        w.put(Q + ".lora_B.weight", gaussian(random, 4 * r), 4, r);
        w.put("rul_head.weight", gaussian(random, width), 1, width);
        return new PeftAdapter(LoraConfig.of(r, 2 * r, 0.05, "base"), w.build());
    }

    Path saved(String name, PeftAdapter adapter, String origin) throws IOException {
        Path d = dir.resolve(name);
        adapter.save(d);
        if (origin != null) RemainingLifeModel.writeOrigin(d, origin);
        return d;
    }

    int run(StringWriter err, String... args) {
        return Pdm.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void writesTheMergeWithItsBaseAndMembers() throws IOException {
        Path base = base();
        String hash = ModelCheckpoint.baseHash(base);
        List<PeftAdapter> adapters = List.of(adapter(8, 3, 1), adapter(8, 3, 2), adapter(8, 3, 3));
        List<String> args = new ArrayList<>(List.of(
                "fl",
                "merge",
                "--base",
                base.toString(),
                "--out",
                dir.resolve("soup").toString(),
                "--seeds",
                "42,43,44"));
        List<Path> dirs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            // the bench's saved adapters carry no origin file; one that does must name this base
            dirs.add(saved("m" + k, adapters.get(k), k == 0 ? hash : null));
            args.add(dirs.get(k).toString());
        }
        assertThat(run(new StringWriter(), args.toArray(String[]::new))).isZero();

        Path soup = dir.resolve("soup");
        assertThat(PeftAdapter.load(soup, 1 << 20)).isEqualTo(LoraMerge.merge(adapters));
        RemainingLifeModel.requireOrigin(soup, hash); // throws if the merge names another base
        assertThat(Files.readString(soup.resolve(RemainingLifeModel.ADAPTER_ORIGIN)))
                .contains(hash);
        JsonNode provenance = new ObjectMapper()
                .readTree(soup.resolve(MergeCommand.PROVENANCE).toFile());
        assertThat(provenance.path("rank").asInt()).isEqualTo(24);
        assertThat(provenance.path("members")).hasSize(3);
        for (int k = 0; k < 3; k++) {
            JsonNode m = provenance.path("members").get(k);
            assertThat(m.path("adapterDirectory").asText())
                    .isEqualTo(dirs.get(k).toString());
            assertThat(m.path("weightsSha256").asText()).isEqualTo(PeftAdapter.weightsSha256(dirs.get(k)));
            assertThat(m.path("seed").asLong()).isEqualTo(42L + k);
        }

        StringWriter again = new StringWriter();
        assertThat(run(
                        again,
                        "fl",
                        "merge",
                        "--base",
                        base.toString(),
                        "--out",
                        soup.toString(),
                        dirs.get(0).toString()))
                .isEqualTo(2);
        assertThat(again.toString()).contains("already holds an adapter");
    }

    @Test
    void refusesAMemberOfAnotherBaseOrShapeNamingIt() throws IOException {
        Path base = base();
        String hash = ModelCheckpoint.baseHash(base);
        Path good = saved("good", adapter(4, 3, 1), hash);
        Path other = saved("other", adapter(4, 3, 2), "0".repeat(64));
        Path wide = saved("wide", adapter(4, 5, 3), hash);

        StringWriter err = new StringWriter();
        assertThat(run(
                        err,
                        "fl",
                        "merge",
                        "--base",
                        base.toString(),
                        "--out",
                        dir.resolve("a").toString(),
                        good.toString(),
                        other.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("adapter " + other + " was trained on base " + "0".repeat(64));

        err = new StringWriter();
        assertThat(run(
                        err,
                        "fl",
                        "merge",
                        "--base",
                        base.toString(),
                        "--out",
                        dir.resolve("b").toString(),
                        good.toString(),
                        wide.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("member 1 (" + wide + ") cannot be merged with member 0 (" + good + "): rul_head.weight"
                        + " has shape [1, 5]");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void announceMergeAnnouncesTheMergedAdapterAloneWithItsMembersBesideIt() throws Exception {
        Path base = base();
        String hash = ModelCheckpoint.baseHash(base);
        List<Path> dirs = new ArrayList<>();
        for (int k = 0; k < 3; k++) dirs.add(saved("m" + k, adapter(8, 3, k), hash));
        Path soup = dir.resolve("soup");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Pdm.commandLine()
                    .execute(
                            "fl",
                            "announce",
                            "--plant",
                            "plant-a",
                            "--version",
                            "7",
                            "--base",
                            base.toString(),
                            "--seeds",
                            "42,43,44",
                            "--merge",
                            soup.toString(),
                            "--dry-run",
                            dirs.get(0).toString(),
                            dirs.get(1).toString(),
                            dirs.get(2).toString());
        } finally {
            System.setOut(old);
        }
        assertThat(exit).isZero();

        io.pdm.schemas.kafka.ModelUpdate update = io.pdm.federated.protocol.FlJson.read(
                printed.toString(java.nio.charset.StandardCharsets.UTF_8).trim(),
                io.pdm.schemas.kafka.ModelUpdate.class);
        assertThat(update.k()).as("one adapter on the wire").isEqualTo(1);
        assertThat(update.members()).isNullOrEmpty();
        assertThat(update.adapterDirectory())
                .isEqualTo(soup.toAbsolutePath().normalize().toString());
        assertThat(update.weightsSha256()).isEqualTo(PeftAdapter.weightsSha256(soup));
        assertThat(update.baseModelSha256()).isEqualTo(hash);
        List<PeftAdapter> members = new ArrayList<>();
        for (Path d : dirs) members.add(PeftAdapter.load(d, 1 << 20));
        assertThat(PeftAdapter.load(soup, 1 << 20)).isEqualTo(LoraMerge.merge(members));
        JsonNode provenance = new ObjectMapper()
                .readTree(soup.resolve(MergeCommand.PROVENANCE).toFile());
        assertThat(provenance.path("members").get(2).path("seed").asLong()).isEqualTo(44);
        assertThat(provenance.path("members").get(2).path("weightsSha256").asText())
                .isEqualTo(PeftAdapter.weightsSha256(dirs.get(2)));
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }
}
