-- pdm store, part 2: time-based maintenance. TimescaleDB layout: compression and retention
-- policies and continuous aggregates (the extension's background jobs do the work). Partitioned
-- layout: functions that create daily partitions ahead and drop expired ones; call them from a
-- scheduler (PartitionMaintenance does, and the sink writer at start-up).

-- The partition key column of a natively partitioned table; NULL for any other table.
CREATE OR REPLACE FUNCTION pdm_partition_key(p_table text)
RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT a.attname::text
      FROM pg_partitioned_table pt
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = to_regclass(p_table)
$fn$;

-- Creates the daily partitions [p_from, p_to) of a partitioned table (UTC days); returns how many
-- it created. Rows of a new day that already sit in the DEFAULT partition are moved into it first,
-- otherwise ATTACH would fail. No-op (0) for a table that is not natively partitioned.
CREATE OR REPLACE FUNCTION pdm_ensure_partitions(p_table text, p_from date, p_to date)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    key_col text;
    d       date;
    part    text;
    lo      timestamptz;
    hi      timestamptz;
    created integer := 0;
BEGIN
    key_col := pdm_partition_key(p_table);
    IF key_col IS NULL THEN
        RETURN 0;
    END IF;
    -- Serialize concurrent creators (several sink writers may start together).
    PERFORM pg_advisory_xact_lock(hashtext('pdm_ensure_partitions:' || p_table));
    d := p_from;
    WHILE d < p_to LOOP
        part := p_table || '_p' || to_char(d, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            lo := d::timestamp AT TIME ZONE 'UTC';
            hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, p_table);
            EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) '
                           'INSERT INTO %I SELECT * FROM moved', p_table || '_default', key_col, key_col, part)
                USING lo, hi;
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', p_table, part, lo, hi);
            created := created + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN created;
END
$fn$;

-- Drops the daily partitions of p_table that end at or before p_cutoff and deletes older rows
-- from its DEFAULT partition; returns the number of partitions dropped.
CREATE OR REPLACE FUNCTION pdm_drop_partitions_before(p_table text, p_cutoff timestamptz)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    key_col text;
    child   record;
    dropped integer := 0;
BEGIN
    key_col := pdm_partition_key(p_table);
    IF key_col IS NULL THEN
        RETURN 0;
    END IF;
    FOR child IN
        SELECT c.relname
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = to_regclass(p_table)
           AND c.relname ~ ('^' || p_table || '_p[0-9]{8}$')
    LOOP
        IF (to_date(right(child.relname, 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= p_cutoff THEN
            EXECUTE format('DROP TABLE %I', child.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    EXECUTE format('DELETE FROM %I WHERE %I < $1', p_table || '_default', key_col) USING p_cutoff;
    RETURN dropped;
END
$fn$;

-- Both for all time-series tables, with the retention configured at migration time.
CREATE OR REPLACE FUNCTION pdm_ensure_all_partitions(p_from date, p_to date)
RETURNS integer LANGUAGE sql AS $fn$
    SELECT pdm_ensure_partitions('readings', p_from, p_to)
         + pdm_ensure_partitions('waveforms', p_from, p_to)
         + pdm_ensure_partitions('features', p_from, p_to);
$fn$;

CREATE OR REPLACE FUNCTION pdm_apply_retention(p_now timestamptz DEFAULT now())
RETURNS integer LANGUAGE sql AS $fn$
    SELECT pdm_drop_partitions_before('readings', p_now - INTERVAL '${pdm_retention_days} days')
         + pdm_drop_partitions_before('waveforms', p_now - INTERVAL '${pdm_waveform_retention_days} days')
         + pdm_drop_partitions_before('features', p_now - INTERVAL '${pdm_feature_retention_days} days');
$fn$;

DO $pdm$
BEGIN
    IF (SELECT layout FROM pdm_store_layout) = 'timescaledb' THEN
        ALTER TABLE readings SET (timescaledb.compress,
            timescaledb.compress_segmentby = 'asset, sensor', timescaledb.compress_orderby = 'ts');
        ALTER TABLE waveforms SET (timescaledb.compress,
            timescaledb.compress_segmentby = 'asset, sensor', timescaledb.compress_orderby = 'ts');
        ALTER TABLE features SET (timescaledb.compress,
            timescaledb.compress_segmentby = 'asset', timescaledb.compress_orderby = 'window_start, window_end');
        PERFORM add_compression_policy('readings', INTERVAL '${pdm_compress_after_days} days');
        PERFORM add_compression_policy('waveforms', INTERVAL '${pdm_compress_after_days} days');
        PERFORM add_compression_policy('features', INTERVAL '${pdm_compress_after_days} days');
        PERFORM add_retention_policy('readings', INTERVAL '${pdm_retention_days} days');
        PERFORM add_retention_policy('waveforms', INTERVAL '${pdm_waveform_retention_days} days');
        PERFORM add_retention_policy('features', INTERVAL '${pdm_feature_retention_days} days');

        -- WITH NO DATA: a continuous aggregate that materializes at creation cannot be created
        -- inside a transaction (Flyway runs this script in one); the policy fills it.
        EXECUTE $v$CREATE MATERIALIZED VIEW readings_1m WITH (timescaledb.continuous) AS
            SELECT time_bucket(INTERVAL '1 minute', ts) AS bucket, plant, asset, sensor,
                   avg(value) AS avg, min(value) AS min, max(value) AS max, count(*) AS n
              FROM readings GROUP BY bucket, plant, asset, sensor WITH NO DATA$v$;
        EXECUTE $v$CREATE MATERIALIZED VIEW readings_1h WITH (timescaledb.continuous) AS
            SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket, plant, asset, sensor,
                   avg(value) AS avg, min(value) AS min, max(value) AS max, count(*) AS n
              FROM readings GROUP BY bucket, plant, asset, sensor WITH NO DATA$v$;
        PERFORM add_continuous_aggregate_policy('readings_1m', start_offset => INTERVAL '1 hour',
            end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');
        PERFORM add_continuous_aggregate_policy('readings_1h', start_offset => INTERVAL '3 days',
            end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
    ELSE
        PERFORM pdm_ensure_all_partitions((now() AT TIME ZONE 'UTC')::date - 1,
                                         (now() AT TIME ZONE 'UTC')::date + ${pdm_premake_days} + 1);
    END IF;
END
$pdm$;
