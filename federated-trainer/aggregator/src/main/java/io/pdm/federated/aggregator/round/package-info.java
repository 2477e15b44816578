/**
 * The federated round state machine ({@link io.pdm.federated.aggregator.round.RoundCoordinator}) and its PostgreSQL store
 * (schema {@code fl}, Flyway migrations in {@code db/federated}): rounds, accepted deltas, used nonces and the
 * immutable global adapter versions with their lineage. Transport-free, so it is tested without HTTP.
 */
package io.pdm.federated.aggregator.round;
