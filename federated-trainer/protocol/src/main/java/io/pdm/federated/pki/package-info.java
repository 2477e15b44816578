/**
 * Development PKI for mutual TLS between plants and the aggregator, and reading a plant's identity from its
 * client certificate. Not for production key management.
 */
package io.pdm.federated.pki;
