/** Plant trainer, cross-plant aggregator and the federated round protocol. */
package io.pdm.federated;
