/**
 * The cross-plant aggregator as a Spring Boot application: HTTPS with mandatory client certificates, plant
 * identity from the certificate, validation of every upload with RFC 9457 refusals, and the secure-aggregation
 * message rounds. Entry point: {@link io.pdm.federated.aggregator.AggregatorApplication#start}.
 */
package io.pdm.federated.aggregator;
