-- Federated rounds and the global adapter versions they publish (schema fl, set by Flyway).

CREATE TABLE adapter_versions (
    version          bigint      PRIMARY KEY CHECK (version >= 0),
    round_number     bigint,                     -- null for the seed version 0
    adapter_config   text        NOT NULL,       -- PEFT adapter_config.json, byte-exact
    weights          bytea       NOT NULL,       -- adapter_model.safetensors, PEFT tensor names
    weights_sha256   text        NOT NULL,
    lineage          text        NOT NULL,       -- AdapterLineage JSON
    published_at     timestamptz NOT NULL
);

-- Published versions are immutable: plants may already run them.
CREATE FUNCTION refuse_adapter_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'adapter version % is published and immutable', OLD.version;
END $$;
CREATE TRIGGER adapter_versions_immutable BEFORE UPDATE OR DELETE ON adapter_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_adapter_version_change();

CREATE TABLE rounds (
    round_number      bigint      PRIMARY KEY,
    base_version      bigint      NOT NULL REFERENCES adapter_versions (version),
    announcement      text        NOT NULL,      -- RoundAnnouncement JSON exactly as served to plants
    mode              text        NOT NULL CHECK (mode IN ('PLAIN', 'SECURE')),
    deadline          timestamptz NOT NULL,
    status            text        NOT NULL CHECK (status IN ('OPEN', 'PUBLISHED', 'FAILED', 'ABORTED')),
    opened_at         timestamptz NOT NULL,
    closed_at         timestamptz,
    outcome           text,                      -- why a round failed or was aborted
    dropped_plants    text[]      NOT NULL DEFAULT '{}',
    published_version bigint      REFERENCES adapter_versions (version)
);
-- At most one open round at any time, whatever the aggregator process does.
CREATE UNIQUE INDEX rounds_one_open ON rounds ((true)) WHERE status = 'OPEN';

CREATE TABLE deltas (
    round_number     bigint      NOT NULL REFERENCES rounds (round_number),
    plant            text        NOT NULL,
    nonce            text        NOT NULL,
    example_count    bigint      NOT NULL CHECK (example_count > 0),
    clip_norm        double precision,
    noise_multiplier double precision,
    delta            bytea       NOT NULL,       -- safetensors with DeltaMetadata in __metadata__
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (round_number, plant)
);

-- Every nonce of an accepted upload, kept after its round, so a captured upload cannot be replayed in any round.
CREATE TABLE used_nonces (
    plant        text        NOT NULL,
    nonce        text        NOT NULL,
    round_number bigint      NOT NULL,
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (plant, nonce)
);
