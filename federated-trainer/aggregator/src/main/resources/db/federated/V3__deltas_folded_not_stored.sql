-- A round's deltas are folded into its running aggregate as they arrive (FedAvg) or spilled to the aggregator's
-- per-round spool directory block-wise (rules that need every delta), not stored here: 1,000 plants × 1M
-- parameters would be 4 GB of rows per round. The table keeps the acceptance: who, which nonce, how many
-- examples, the privacy parameters, and the size and SHA-256 of the bytes received.
ALTER TABLE deltas DROP COLUMN delta;
ALTER TABLE deltas ADD COLUMN size_bytes bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0);
ALTER TABLE deltas ADD COLUMN sha256 text;
