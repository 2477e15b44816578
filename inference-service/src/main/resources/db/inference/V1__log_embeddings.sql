-- pdm inference, part 1: sentence embeddings of the maintenance logs, beside the logs.
-- One row per log, keyed by the log's id (maintenance_log.id, written by the feature pipeline); no foreign
-- key, because the two schemas migrate independently and an embedding may be written before its log is
-- visible. A log whose text changed (other text_sha256) or that was embedded by another model is embedded
-- again and its row replaced. plant is repeated here so that a plant's vectors load with one index scan.
CREATE TABLE IF NOT EXISTS maintenance_log_embedding (
    log_id      text PRIMARY KEY,
    plant       text        NOT NULL,
    model       text        NOT NULL,
    text_sha256 text        NOT NULL,
    dims        integer     NOT NULL CHECK (dims > 0),
    embedding   real[]      NOT NULL CHECK (cardinality(embedding) = dims),
    embedded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS maintenance_log_embedding_plant ON maintenance_log_embedding (plant, model);
