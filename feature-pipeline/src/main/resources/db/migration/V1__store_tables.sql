-- pdm store, part 1: tables. One script, two layouts chosen here at migration time:
--   * TimescaleDB (extension available and ${pdm_timescale} = 'auto' or 'on'): hypertables;
--   * plain PostgreSQL: native range partitioning by day plus a DEFAULT partition, so an insert
--     is never rejected for lack of a partition (partitions are created ahead by
--     pdm_ensure_partitions, see V2).
-- Unique keys include the time column because both layouts require the partition key in them;
-- they are also what makes replayed writes idempotent (ON CONFLICT).

CREATE TABLE IF NOT EXISTS maintenance_log (
    id          text PRIMARY KEY,
    plant       text        NOT NULL,
    asset       text        NOT NULL,
    ts          timestamptz NOT NULL,
    action      text        NOT NULL,
    component   text,
    technician  text,
    text        text,
    source      text,
    received_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS maintenance_log_asset_ts ON maintenance_log (asset, ts DESC);

DO $pdm$
DECLARE
    mode      text    := lower('${pdm_timescale}');
    available boolean := EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb');
    use_ts    boolean;
BEGIN
    IF mode NOT IN ('auto', 'on', 'off') THEN
        RAISE EXCEPTION 'pdm_timescale must be auto, on or off, not %', mode;
    END IF;
    IF mode = 'on' AND NOT available THEN
        RAISE EXCEPTION 'pdm_timescale = on but the timescaledb extension is not available';
    END IF;
    use_ts := available AND mode <> 'off';

    -- Remember the layout: maintenance code and queries ask this table, not the catalog.
    CREATE TABLE IF NOT EXISTS pdm_store_layout (layout text NOT NULL);
    DELETE FROM pdm_store_layout;
    INSERT INTO pdm_store_layout VALUES (CASE WHEN use_ts THEN 'timescaledb' ELSE 'partitioned' END);

    IF use_ts THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;

        CREATE TABLE readings (
            plant text NOT NULL, asset text NOT NULL, sensor text NOT NULL,
            ts timestamptz NOT NULL, value double precision NOT NULL,
            CONSTRAINT readings_key UNIQUE (asset, sensor, ts));
        CREATE TABLE waveforms (
            plant text NOT NULL, asset text NOT NULL, sensor text NOT NULL,
            ts timestamptz NOT NULL, rate_hz double precision NOT NULL, samples real[] NOT NULL,
            CONSTRAINT waveforms_key UNIQUE (asset, sensor, ts));
        CREATE TABLE features (
            plant text NOT NULL, asset text NOT NULL,
            window_start timestamptz NOT NULL, window_end timestamptz NOT NULL,
            reading_count integer NOT NULL, features jsonb NOT NULL,
            seconds_since_maintenance double precision, last_maintenance_action text,
            CONSTRAINT features_key UNIQUE (asset, window_start, window_end));

        PERFORM create_hypertable('readings', 'ts', chunk_time_interval => INTERVAL '1 day');
        PERFORM create_hypertable('waveforms', 'ts', chunk_time_interval => INTERVAL '1 day');
        PERFORM create_hypertable('features', 'window_start', chunk_time_interval => INTERVAL '7 days');
    ELSE
        CREATE TABLE readings (
            plant text NOT NULL, asset text NOT NULL, sensor text NOT NULL,
            ts timestamptz NOT NULL, value double precision NOT NULL,
            CONSTRAINT readings_key UNIQUE (asset, sensor, ts)) PARTITION BY RANGE (ts);
        CREATE TABLE waveforms (
            plant text NOT NULL, asset text NOT NULL, sensor text NOT NULL,
            ts timestamptz NOT NULL, rate_hz double precision NOT NULL, samples real[] NOT NULL,
            CONSTRAINT waveforms_key UNIQUE (asset, sensor, ts)) PARTITION BY RANGE (ts);
        CREATE TABLE features (
            plant text NOT NULL, asset text NOT NULL,
            window_start timestamptz NOT NULL, window_end timestamptz NOT NULL,
            reading_count integer NOT NULL, features jsonb NOT NULL,
            seconds_since_maintenance double precision, last_maintenance_action text,
            CONSTRAINT features_key UNIQUE (asset, window_start, window_end)) PARTITION BY RANGE (window_start);

        CREATE TABLE readings_default PARTITION OF readings DEFAULT;
        CREATE TABLE waveforms_default PARTITION OF waveforms DEFAULT;
        CREATE TABLE features_default PARTITION OF features DEFAULT;

        -- BRIN: time-ordered appends make block ranges tight; tiny next to a B-tree.
        CREATE INDEX readings_ts_brin ON readings USING brin (ts);
        CREATE INDEX waveforms_ts_brin ON waveforms USING brin (ts);
        CREATE INDEX features_start_brin ON features USING brin (window_start);
    END IF;
END
$pdm$;
