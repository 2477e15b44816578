/** A development PKI on disk for the aggregator and its plants (`pdm certs init`, the federated bench). */
package io.pdm.federated.devpki;
