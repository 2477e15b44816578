/**
 * The inference service: scores each asset of a plant with the base model plus the plant's current adapter,
 * watches assets without a model against their own baseline and their type's limits, turns predictions into alert
 * candidates, and writes grounded alert texts.
 */
package io.pdm.inference;
