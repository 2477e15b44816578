/**
 * Machine kinds as data: an {@code AssetType} file names the channels a model reads, units, cadence, window,
 * remaining-life unit, failure modes, thresholds and absolute limits; run-to-failure history of any type becomes
 * lives, whatever its source (C-MAPSS files, a plant's store, CSV).
 */
package io.pdm.assets;
