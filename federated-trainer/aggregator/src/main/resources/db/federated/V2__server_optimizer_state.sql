-- Server optimiser state (FedAvgM momentum, FedAdam/FedYogi moments) after each published version, carried to
-- the next round. Aggregator-internal, never served to plants; written in the publishing transaction and, like
-- the version, never changed.
CREATE TABLE optimizer_states (
    version bigint PRIMARY KEY REFERENCES adapter_versions (version),
    state   bytea  NOT NULL
);
CREATE TRIGGER optimizer_states_immutable BEFORE UPDATE OR DELETE ON optimizer_states
    FOR EACH ROW EXECUTE FUNCTION refuse_adapter_version_change();
