/** Where a plant's run-to-failure history comes from: C-MAPSS files, or the readings and maintenance log in its store. */
package io.pdm.federated.training.history;
