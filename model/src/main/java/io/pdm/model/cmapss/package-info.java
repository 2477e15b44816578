/**
 * The C-MAPSS remaining-useful-life task on top of the model: training examples from windows,
 * evaluation by the standard protocol (last window of each test engine, RMSE and PHM08 score).
 * The data loading and preprocessing live in {@code io.pdm.model.data.cmapss}.
 */
package io.pdm.model.cmapss;
