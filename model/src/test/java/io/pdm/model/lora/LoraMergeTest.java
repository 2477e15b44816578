package io.pdm.model.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoraMergeTest {
    private static final String Q = "model.layers.0.self_attn.q_proj";
    private static final String V = "model.layers.1.self_attn.v_proj";
    private static final int IN = 6;
    private static final int OUT = 5;

    /** An adapter on q and v (out × in = 5 × 6) of rank r and alpha, with random factors and saved modules. */
    static PeftAdapter adapter(int r, int alpha, long seed) {
        Random random = new Random(seed);
        TensorDict.Builder w = TensorDict.builder();
        for (String module : List.of(Q, V)) {
            w.put(module + ".lora_A.weight", gaussian(random, r * IN), r, IN);
            w.put(module + ".lora_B.weight", gaussian(random, OUT * r), OUT, r);
        }
        w.put("patch_proj.weight", gaussian(random, 8 * 3), 8, 3);
        w.put("patch_proj.bias", gaussian(random, 8), 8);
        w.put("rul_head.weight", gaussian(random, 8), 1, 8);
        w.put("class_head.weight", gaussian(random, 24), 3, 8);
        return new PeftAdapter(LoraConfig.of(r, alpha, 0.05, "base"), w.build());
    }

    /** (alpha / r) B A in double, straight from the definition: the test's own computation of an adapter's ΔW. */
    static double[][] deltaW(PeftAdapter adapter, String module) {
        HostTensor a = adapter.weights().get(module + ".lora_A.weight");
        HostTensor b = adapter.weights().get(module + ".lora_B.weight");
        int r = (int) a.dim(0);
        int in = (int) a.dim(1);
        int out = (int) b.dim(0);
        double s = (double) adapter.config().alpha() / adapter.config().r();
        double[][] d = new double[out][in];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                double sum = 0;
                for (int t = 0; t < r; t++) sum += (double) b.get(i * r + t) * a.get(t * in + j);
                d[i][j] = s * sum;
            }
        }
        return d;
    }

    @Test
    void theMergedDeltaIsTheMeanOfTheMembersDeltasForEveryTarget() {
        // Different ranks and alphas: each member's own scaling must go into the merge.
        List<PeftAdapter> members = List.of(adapter(8, 16, 1), adapter(4, 4, 2), adapter(2, 32, 3));
        PeftAdapter merged = LoraMerge.merge(members);

        assertThat(merged.config().r()).isEqualTo(14);
        assertThat(merged.config().scaling()).isEqualTo(1.0);
        assertThat(merged.loraModules()).containsExactly(Q, V);
        for (String module : List.of(Q, V)) {
            double[][] got = deltaW(merged, module);
            for (int i = 0; i < OUT; i++) {
                for (int j = 0; j < IN; j++) {
                    double mean = 0;
                    for (PeftAdapter m : members) mean += deltaW(m, module)[i][j] / members.size();
                    assertThat(got[i][j]).as("%s ΔW[%d][%d]", module, i, j).isCloseTo(mean, within(1e-5));
                }
            }
        }
        for (String saved : List.of("patch_proj.weight", "patch_proj.bias", "rul_head.weight", "class_head.weight")) {
            float[] got = merged.weights().get(saved).data();
            for (int i = 0; i < got.length; i++) {
                double mean = 0;
                for (PeftAdapter m : members) mean += m.weights().get(saved).get(i) / 3.0;
                assertThat((double) got[i]).as("%s[%d]", saved, i).isCloseTo(mean, within(1e-6));
            }
        }
    }

    @Test
    void mergingCopiesOfOneAdapterGivesThatAdaptersDelta() {
        PeftAdapter one = adapter(8, 16, 7);
        PeftAdapter merged = LoraMerge.merge(List.of(one, one, one, one, one));

        assertThat(merged.config().r()).isEqualTo(40);
        for (String module : List.of(Q, V)) {
            double[][] want = deltaW(one, module);
            double[][] got = deltaW(merged, module);
            for (int i = 0; i < OUT; i++) {
                for (int j = 0; j < IN; j++) assertThat(got[i][j]).isCloseTo(want[i][j], within(1e-5));
            }
        }
        assertThat(merged.weights().get("rul_head.weight"))
                .isEqualTo(one.weights().get("rul_head.weight"));
    }

    @Test
    void membersOfAnotherShapeOrLayoutAreRefusedByName() {
        PeftAdapter a = adapter(4, 8, 1);
        PeftAdapter otherTargets =
                new PeftAdapter(a.config().withTargetModules(List.of("q_proj", "v_proj")), a.weights());
        assertThatThrownBy(() -> LoraMerge.merge(List.of("a", "b (/dir/b)"), List.of(a, otherTargets)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b (/dir/b) cannot be merged with a: target_modules [q_proj, v_proj]");

        PeftAdapter noV = new PeftAdapter(a.config(), a.weights().filter(n -> !n.startsWith(V)));
        assertThatThrownBy(() -> LoraMerge.merge(List.of(a, a, noV)))
                .hasMessageContaining("member 2 cannot be merged with member 0: LoRA on [" + Q + "]");

        TensorDict wider = a.weights()
                .filter(n -> !n.equals("rul_head.weight"))
                .merge(TensorDict.builder()
                        .put("rul_head.weight", new float[9], 1, 9)
                        .build());
        assertThatThrownBy(() -> LoraMerge.merge(List.of(a, new PeftAdapter(a.config(), wider))))
                .hasMessageContaining("member 1 cannot be merged with member 0: rul_head.weight has shape [1, 9]");

        PeftAdapter noHead = new PeftAdapter(a.config(), a.weights().filter(n -> !n.equals("class_head.weight")));
        assertThatThrownBy(() -> LoraMerge.merge(List.of(a, noHead)))
                .hasMessageContaining("member 1 cannot be merged with member 0: saved tensors");

        assertThatThrownBy(() -> LoraMerge.merge(List.of())).hasMessageContaining("no members");
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }
}
