/** Benchmark mains, run by hand; timings are machine-dependent so they are not tests. */
package io.pdm.bench.federated;
