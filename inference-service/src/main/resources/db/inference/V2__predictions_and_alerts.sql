-- Every scoring of every watched asset, for trends and the health endpoint. One row per asset and model step:
-- a replay after a restart rewrites the same row instead of adding one.
CREATE TABLE predictions (
    plant            text        NOT NULL,
    asset            text        NOT NULL,
    window_end       timestamptz NOT NULL,
    scored_at        timestamptz NOT NULL,
    asset_type       text        NOT NULL,
    base_model       text,
    adapter_version  bigint,
    rul              double precision,
    rul_lower        double precision,
    rul_upper        double precision,
    rul_coverage     double precision,
    rul_unit         text,
    health_stage     text,
    stage_probabilities jsonb    NOT NULL DEFAULT '{}'::jsonb,
    drivers          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    conditions       jsonb       NOT NULL DEFAULT '[]'::jsonb,
    quality          text[]      NOT NULL DEFAULT '{}',
    PRIMARY KEY (plant, asset, window_end)
);
CREATE INDEX predictions_window_end_brin ON predictions USING brin (window_end);

-- Alert candidates as the inference service published them (raised, updated, cleared), with the text and the
-- fact sheet it was checked against. The lifecycle (acknowledge, shelve, resolve) belongs to the alerting service.
CREATE TABLE alerts (
    alert_id         text        PRIMARY KEY,
    fingerprint      text        NOT NULL,
    plant            text        NOT NULL,
    asset            text        NOT NULL,
    asset_type       text        NOT NULL,
    kind             text        NOT NULL,
    failure_mode     text,
    state            text        NOT NULL,
    severity         integer     NOT NULL CHECK (severity BETWEEN 1 AND 1000),
    occurred_at      timestamptz NOT NULL,
    rul              double precision,
    rul_lower        double precision,
    rul_upper        double precision,
    rul_unit         text,
    health_stage     text,
    base_model       text,
    adapter_version  bigint,
    title            text        NOT NULL,
    text             text        NOT NULL,
    writer           text        NOT NULL,
    grounded         boolean     NOT NULL,
    writer_attempts  integer     NOT NULL,
    grounding_violations text[]  NOT NULL DEFAULT '{}',
    cited_logs       text[]      NOT NULL DEFAULT '{}',
    fact_sheet       jsonb       NOT NULL
);
CREATE INDEX alerts_plant_time ON alerts (plant, occurred_at DESC);
CREATE INDEX alerts_fingerprint ON alerts (fingerprint, occurred_at DESC);
