package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertState;

/**
 * What people said about an asset: under maintenance (since when, by whom, which work order) and out of service
 * (or offline). Null parts mean "no".
 */
public record AssetCondition(AlertState.Note maintenance, AlertState.Note outOfService) {
    public static final AssetCondition NORMAL = new AssetCondition(null, null);

    public boolean normal() {
        return maintenance == null && outOfService == null;
    }
}
