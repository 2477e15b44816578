package io.pdm.model.life;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.Thresholds;
import org.junit.jupiter.api.Test;

/** Alert-policy settings of a type never enter a base's cache key: choosing them must not retrain the base. */
class BaseModelCacheKeyTest {
    static AssetType withPolicy(AssetType type, Double upperBoundBelow, Integer minHistorySteps) {
        Thresholds t = type.thresholds();
        return type.withThresholds(
                new Thresholds(t.remainingLife(), t.healthStage(), t.alertDelay(), upperBoundBelow, minHistorySteps));
    }

    @Test
    void minHistoryStepsAndTheUpperBoundRuleLeaveTheKeyAsItWas() throws Exception {
        for (String id : AssetTypes.BUILT_IN) {
            AssetType type = AssetTypes.builtIn(id);
            String key = AssetTypes.toJson(BaseModelCache.keyType(type));
            assertThat(AssetTypes.toJson(BaseModelCache.keyType(withPolicy(type, 1.1, 9))))
                    .as(id)
                    .isEqualTo(key);
            assertThat(AssetTypes.toJson(BaseModelCache.keyType(withPolicy(type, null, 15))))
                    .as(id)
                    .isEqualTo(key);
            assertThat(key).doesNotContain("minHistorySteps").doesNotContain("upperBoundBelow");
        }
        // a type without either setting keys as it always did: earlier cached bases stay valid
        AssetType turbofan = AssetTypes.builtIn("cmapss-turbofan");
        assertThat(BaseModelCache.keyType(turbofan)).isSameAs(turbofan);
    }
}
