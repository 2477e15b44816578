package io.pdm.alerting.lifecycle;

/** What silences, asset conditions and inhibition look at to decide whether an alert is suppressed. */
public record AlertKey(String plant, String asset, String assetType, String kind, String failureMode, int severity) {}
