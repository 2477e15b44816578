package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.MaintenanceEventData;
import io.pdm.schemas.alerting.WorkRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The alerting contracts' JSON written field by field on Jackson's streaming generator, in the order and with the
 * inclusion the contract mapper ({@code AlertJson}: records, {@code NON_NULL}, ISO-8601 instants) gives, byte for byte
 * (StateJsonTest compares the two on random states and events). Why by hand: databind reaches every property of these
 * records through reflection, and that was a third of writing a state, the largest cost left per written candidate
 * (docs/results/alerting.md). A field added to a contract record must be added here too: the test fails until it is.
 *
 * <p>One per write (holds a scratch buffer for instants); not thread-safe.
 */
final class ContractWriter {
    private final JsonGenerator g;
    private final char[] instant = new char[StateJson.ISO_MAX];

    ContractWriter(JsonGenerator g) {
        this.g = g;
    }

    void state(AlertState s) throws IOException {
        g.writeStartObject();
        text("fingerprint", s.fingerprint());
        g.writeNumberField("sequence", s.sequence());
        text("plant", s.plant());
        text("asset", s.asset());
        text("assetType", s.assetType());
        text("kind", s.kind());
        text("failureMode", s.failureMode());
        g.writeBooleanField("active", s.active());
        g.writeBooleanField("acknowledged", s.acknowledged());
        g.writeBooleanField("confirmed", s.confirmed());
        g.writeBooleanField("resolved", s.resolved());
        g.writeNumberField("severity", s.severity());
        if (s.shelving() != null) {
            g.writeFieldName("shelving");
            shelving(s.shelving());
        }
        texts("suppressedBy", s.suppressedBy());
        g.writeBooleanField("chattering", s.chattering());
        g.writeBooleanField("fleeting", s.fleeting());
        instant("announcedAt", s.announcedAt());
        instant("raisedAt", s.raisedAt());
        instant("lastActiveAt", s.lastActiveAt());
        instant("clearedAt", s.clearedAt());
        instant("closedAt", s.closedAt());
        instant("receivedAt", s.receivedAt());
        instant("lastNotifiedAt", s.lastNotifiedAt());
        g.writeNumberField("escalations", s.escalations());
        text("escalatedTo", s.escalatedTo());
        g.writeNumberField("transitions", s.transitions());
        g.writeFieldName("activations");
        g.writeStartArray();
        for (Instant t : s.activations()) instant(t);
        g.writeEndArray();
        facts(s.facts());
        g.writeFieldName("history");
        g.writeStartArray();
        for (AlertState.Note n : s.history()) note(n);
        g.writeEndArray();
        texts("recentCommands", s.recentCommands());
        // the record's derived properties, after its components in declaration order (its @JsonPropertyOrder)
        g.writeBooleanField("announced", s.announced());
        g.writeBooleanField("closed", s.closed());
        g.writeStringField("band", s.band().name());
        g.writeBooleanField("shelved", s.shelved());
        g.writeBooleanField("suppressed", s.suppressed());
        g.writeBooleanField("outOfService", s.outOfService());
        g.writeStringField("stateName", s.stateName());
        g.writeEndObject();
    }

    void data(MaintenanceEventData d) throws IOException {
        g.writeStartObject();
        if (d.transition() != null) {
            MaintenanceEventData.Transition t = d.transition();
            g.writeFieldName("transition");
            g.writeStartObject();
            text("type", t.type());
            g.writeNumberField("number", t.number());
            text("by", t.by());
            instant("at", t.at());
            text("text", t.text());
            text("escalatedTo", t.escalatedTo());
            g.writeEndObject();
        }
        if (d.alert() != null) alert(d.alert());
        if (d.workRequest() != null) workRequest(d.workRequest());
        g.writeEndObject();
    }

    private void alert(MaintenanceEventData.Alert a) throws IOException {
        g.writeFieldName("alert");
        g.writeStartObject();
        text("fingerprint", a.fingerprint());
        g.writeNumberField("sequence", a.sequence());
        text("plant", a.plant());
        text("asset", a.asset());
        text("assetType", a.assetType());
        text("kind", a.kind());
        text("failureMode", a.failureMode());
        text("state", a.state());
        g.writeBooleanField("active", a.active());
        g.writeBooleanField("acknowledged", a.acknowledged());
        g.writeBooleanField("confirmed", a.confirmed());
        g.writeBooleanField("shelved", a.shelved());
        g.writeBooleanField("suppressed", a.suppressed());
        g.writeBooleanField("outOfService", a.outOfService());
        g.writeBooleanField("closed", a.closed());
        g.writeBooleanField("chattering", a.chattering());
        texts("suppressedBy", a.suppressedBy());
        g.writeNumberField("severity", a.severity());
        if (a.band() != null) g.writeStringField("band", a.band().name());
        instant("raisedAt", a.raisedAt());
        facts(a.facts());
        g.writeEndObject();
    }

    private void workRequest(WorkRequest w) throws IOException {
        g.writeFieldName("workRequest");
        g.writeStartObject();
        if (w.maximo() != null) {
            WorkRequest.Maximo m = w.maximo();
            g.writeFieldName("maximo");
            g.writeStartObject();
            text("description", m.description());
            text("description_longdescription", m.description_longdescription());
            text("assetnum", m.assetnum());
            text("location", m.location());
            text("siteid", m.siteid());
            g.writeNumberField("reportedpriority", m.reportedpriority());
            text("reportedby", m.reportedby());
            g.writeEndObject();
        }
        if (w.sapPm() != null) {
            WorkRequest.SapPm p = w.sapPm();
            g.writeFieldName("sapPm");
            g.writeStartObject();
            text("notificationType", p.notificationType());
            text("shortText", p.shortText());
            text("longText", p.longText());
            text("equipment", p.equipment());
            text("functionalLocation", p.functionalLocation());
            text("priority", p.priority());
            text("objectPartCodeGroup", p.objectPartCodeGroup());
            text("objectPartCode", p.objectPartCode());
            text("damageCodeGroup", p.damageCodeGroup());
            text("damageCode", p.damageCode());
            text("causeCodeGroup", p.causeCodeGroup());
            text("causeCode", p.causeCode());
            text("reportedBy", p.reportedBy());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void shelving(AlertState.Shelving s) throws IOException {
        g.writeStartObject();
        text("by", s.by());
        text("reason", s.reason());
        instant("at", s.at());
        instant("until", s.until());
        g.writeEndObject();
    }

    private void note(AlertState.Note n) throws IOException {
        if (n == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        text("action", n.action());
        text("by", n.by());
        instant("at", n.at());
        text("text", n.text());
        g.writeEndObject();
    }

    private void facts(AlertFacts f) throws IOException {
        if (f == null) return;
        g.writeFieldName("facts");
        g.writeStartObject();
        text("candidateId", f.candidateId());
        instant("occurredAt", f.occurredAt());
        text("title", f.title());
        text("text", f.text());
        if (f.remainingLife() != null) {
            AlertFacts.RemainingLife r = f.remainingLife();
            g.writeFieldName("remainingLife");
            g.writeStartObject();
            g.writeNumberField("predicted", r.predicted());
            g.writeNumberField("lower", r.lower());
            g.writeNumberField("upper", r.upper());
            g.writeNumberField("coverage", r.coverage());
            text("unit", r.unit());
            g.writeEndObject();
        }
        text("healthStage", f.healthStage());
        if (f.evidence() != null) {
            g.writeFieldName("evidence");
            g.writeStartObject();
            text("reason", f.evidence().reason());
            g.writeFieldName("measurements");
            g.writeStartArray();
            for (AlertFacts.Measurement m : f.evidence().measurements()) measurement(m);
            g.writeEndArray();
            g.writeEndObject();
        }
        texts("citedLogs", f.citedLogs());
        text("baseModel", f.baseModel());
        if (f.adapterVersion() != null)
            g.writeNumberField("adapterVersion", f.adapterVersion().longValue());
        text("writer", f.writer());
        g.writeBooleanField("grounded", f.grounded());
        g.writeEndObject();
    }

    private void measurement(AlertFacts.Measurement m) throws IOException {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        text("channel", m.channel());
        g.writeNumberField("value", m.value());
        text("unit", m.unit());
        instant("time", m.time());
        if (m.limit() != null) g.writeNumberField("limit", m.limit().doubleValue());
        text("zone", m.zone());
        text("standard", m.standard());
        g.writeEndObject();
    }

    /** A text field, left out when null (the contract's {@code NON_NULL}). */
    private void text(String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    /** A list of texts (never null in the records: their constructors make null lists empty). */
    private void texts(String name, List<String> values) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    private void instant(String name, Instant t) throws IOException {
        if (t == null) return;
        g.writeFieldName(name);
        instant(t);
    }

    /** An instant as ISO_INSTANT writes it, from a scratch buffer (no string per instant). */
    private void instant(Instant t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        int n = StateJson.iso(t, instant);
        if (n < 0) g.writeString(StateJson.iso(t));
        else g.writeString(instant, 0, n);
    }
}
