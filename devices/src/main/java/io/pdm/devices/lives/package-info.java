/**
 * Run-to-failure lives from the fleet simulator, offline: {@link io.pdm.devices.lives.PumpLives} fast-forwards the
 * pure simulator and turns its readings into feature windows with the feature pipeline's own functions, so a pump
 * base model can be pretrained on first use without Kafka or Flink.
 */
package io.pdm.devices.lives;
