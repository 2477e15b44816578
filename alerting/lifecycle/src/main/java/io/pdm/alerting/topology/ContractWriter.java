package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
    /**
     * The field names, their quoted UTF-8 made once (as databind's property writers keep theirs): a name given as a
     * string is copied and escape-checked character by character on every write, the largest cost in a profile.
     */
    private static final class F {
        static final SerializedString acknowledged = new SerializedString("acknowledged");
        static final SerializedString action = new SerializedString("action");
        static final SerializedString activations = new SerializedString("activations");
        static final SerializedString active = new SerializedString("active");
        static final SerializedString adapterVersion = new SerializedString("adapterVersion");
        static final SerializedString alert = new SerializedString("alert");
        static final SerializedString announced = new SerializedString("announced");
        static final SerializedString announcedAt = new SerializedString("announcedAt");
        static final SerializedString asset = new SerializedString("asset");
        static final SerializedString assetType = new SerializedString("assetType");
        static final SerializedString assetnum = new SerializedString("assetnum");
        static final SerializedString at = new SerializedString("at");
        static final SerializedString band = new SerializedString("band");
        static final SerializedString baseModel = new SerializedString("baseModel");
        static final SerializedString by = new SerializedString("by");
        static final SerializedString candidateId = new SerializedString("candidateId");
        static final SerializedString causeCode = new SerializedString("causeCode");
        static final SerializedString causeCodeGroup = new SerializedString("causeCodeGroup");
        static final SerializedString channel = new SerializedString("channel");
        static final SerializedString chattering = new SerializedString("chattering");
        static final SerializedString citedLogs = new SerializedString("citedLogs");
        static final SerializedString clearedAt = new SerializedString("clearedAt");
        static final SerializedString closed = new SerializedString("closed");
        static final SerializedString closedAt = new SerializedString("closedAt");
        static final SerializedString confirmed = new SerializedString("confirmed");
        static final SerializedString coverage = new SerializedString("coverage");
        static final SerializedString damageCode = new SerializedString("damageCode");
        static final SerializedString damageCodeGroup = new SerializedString("damageCodeGroup");
        static final SerializedString data = new SerializedString("data");
        static final SerializedString datacontenttype = new SerializedString("datacontenttype");
        static final SerializedString dataschema = new SerializedString("dataschema");
        static final SerializedString description = new SerializedString("description");
        static final SerializedString description_longdescription = new SerializedString("description_longdescription");
        static final SerializedString equipment = new SerializedString("equipment");
        static final SerializedString escalatedTo = new SerializedString("escalatedTo");
        static final SerializedString escalations = new SerializedString("escalations");
        static final SerializedString evidence = new SerializedString("evidence");
        static final SerializedString facts = new SerializedString("facts");
        static final SerializedString failureMode = new SerializedString("failureMode");
        static final SerializedString fingerprint = new SerializedString("fingerprint");
        static final SerializedString fleeting = new SerializedString("fleeting");
        static final SerializedString functionalLocation = new SerializedString("functionalLocation");
        static final SerializedString grounded = new SerializedString("grounded");
        static final SerializedString healthStage = new SerializedString("healthStage");
        static final SerializedString history = new SerializedString("history");
        static final SerializedString id = new SerializedString("id");
        static final SerializedString kind = new SerializedString("kind");
        static final SerializedString lastActiveAt = new SerializedString("lastActiveAt");
        static final SerializedString lastNotifiedAt = new SerializedString("lastNotifiedAt");
        static final SerializedString limit = new SerializedString("limit");
        static final SerializedString location = new SerializedString("location");
        static final SerializedString longText = new SerializedString("longText");
        static final SerializedString lower = new SerializedString("lower");
        static final SerializedString maximo = new SerializedString("maximo");
        static final SerializedString measurements = new SerializedString("measurements");
        static final SerializedString notificationType = new SerializedString("notificationType");
        static final SerializedString number = new SerializedString("number");
        static final SerializedString objectPartCode = new SerializedString("objectPartCode");
        static final SerializedString objectPartCodeGroup = new SerializedString("objectPartCodeGroup");
        static final SerializedString occurredAt = new SerializedString("occurredAt");
        static final SerializedString outOfService = new SerializedString("outOfService");
        static final SerializedString plant = new SerializedString("plant");
        static final SerializedString predicted = new SerializedString("predicted");
        static final SerializedString priority = new SerializedString("priority");
        static final SerializedString raisedAt = new SerializedString("raisedAt");
        static final SerializedString reason = new SerializedString("reason");
        static final SerializedString receivedAt = new SerializedString("receivedAt");
        static final SerializedString recentCommands = new SerializedString("recentCommands");
        static final SerializedString remainingLife = new SerializedString("remainingLife");
        static final SerializedString reportedBy = new SerializedString("reportedBy");
        static final SerializedString reportedby = new SerializedString("reportedby");
        static final SerializedString reportedpriority = new SerializedString("reportedpriority");
        static final SerializedString resolved = new SerializedString("resolved");
        static final SerializedString sapPm = new SerializedString("sapPm");
        static final SerializedString sequence = new SerializedString("sequence");
        static final SerializedString severity = new SerializedString("severity");
        static final SerializedString shelved = new SerializedString("shelved");
        static final SerializedString shelving = new SerializedString("shelving");
        static final SerializedString shortText = new SerializedString("shortText");
        static final SerializedString siteid = new SerializedString("siteid");
        static final SerializedString source = new SerializedString("source");
        static final SerializedString specversion = new SerializedString("specversion");
        static final SerializedString standard = new SerializedString("standard");
        static final SerializedString state = new SerializedString("state");
        static final SerializedString stateName = new SerializedString("stateName");
        static final SerializedString subject = new SerializedString("subject");
        static final SerializedString suppressed = new SerializedString("suppressed");
        static final SerializedString suppressedBy = new SerializedString("suppressedBy");
        static final SerializedString text = new SerializedString("text");
        static final SerializedString time = new SerializedString("time");
        static final SerializedString title = new SerializedString("title");
        static final SerializedString transition = new SerializedString("transition");
        static final SerializedString transitions = new SerializedString("transitions");
        static final SerializedString type = new SerializedString("type");
        static final SerializedString unit = new SerializedString("unit");
        static final SerializedString until = new SerializedString("until");
        static final SerializedString upper = new SerializedString("upper");
        static final SerializedString value = new SerializedString("value");
        static final SerializedString workRequest = new SerializedString("workRequest");
        static final SerializedString writer = new SerializedString("writer");
        static final SerializedString zone = new SerializedString("zone");
    }

    private final JsonGenerator g;
    private final char[] instant = new char[StateJson.ISO_MAX];

    ContractWriter(JsonGenerator g) {
        this.g = g;
    }

    void state(AlertState s) throws IOException {
        g.writeStartObject();
        text(F.fingerprint, s.fingerprint());
        number(F.sequence, s.sequence());
        text(F.plant, s.plant());
        text(F.asset, s.asset());
        text(F.assetType, s.assetType());
        text(F.kind, s.kind());
        text(F.failureMode, s.failureMode());
        bool(F.active, s.active());
        bool(F.acknowledged, s.acknowledged());
        bool(F.confirmed, s.confirmed());
        bool(F.resolved, s.resolved());
        number(F.severity, s.severity());
        if (s.shelving() != null) {
            g.writeFieldName(F.shelving);
            shelving(s.shelving());
        }
        texts(F.suppressedBy, s.suppressedBy());
        bool(F.chattering, s.chattering());
        bool(F.fleeting, s.fleeting());
        instant(F.announcedAt, s.announcedAt());
        instant(F.raisedAt, s.raisedAt());
        instant(F.lastActiveAt, s.lastActiveAt());
        instant(F.clearedAt, s.clearedAt());
        instant(F.closedAt, s.closedAt());
        instant(F.receivedAt, s.receivedAt());
        instant(F.lastNotifiedAt, s.lastNotifiedAt());
        number(F.escalations, s.escalations());
        text(F.escalatedTo, s.escalatedTo());
        number(F.transitions, s.transitions());
        g.writeFieldName(F.activations);
        g.writeStartArray();
        for (Instant t : s.activations()) instant(t);
        g.writeEndArray();
        facts(s.facts());
        g.writeFieldName(F.history);
        g.writeStartArray();
        for (AlertState.Note n : s.history()) note(n);
        g.writeEndArray();
        texts(F.recentCommands, s.recentCommands());
        // the record's derived properties, after its components in declaration order (its @JsonPropertyOrder)
        bool(F.announced, s.announced());
        bool(F.closed, s.closed());
        g.writeFieldName(F.band);
        g.writeString(s.band().name());
        bool(F.shelved, s.shelved());
        bool(F.suppressed, s.suppressed());
        bool(F.outOfService, s.outOfService());
        g.writeFieldName(F.stateName);
        g.writeString(s.stateName());
        g.writeEndObject();
    }

    /**
     * A maintenance event in CloudEvents' structured JSON mode, as the SDK's {@code JsonFormat} writes it
     * (MaintenanceEventsTest): specversion, the v1 attributes in the SDK's order, then the data written in place.
     */
    void event(MaintenanceEvents.Envelope e, MaintenanceEventData d) throws IOException {
        g.writeStartObject();
        text(F.specversion, "1.0");
        text(F.id, e.id());
        text(F.source, e.source());
        text(F.type, e.type());
        text(F.datacontenttype, MaintenanceEvents.DATA_CONTENT_TYPE);
        text(F.dataschema, e.dataSchema());
        text(F.subject, e.subject());
        text(F.time, e.time());
        g.writeFieldName(F.data);
        data(d);
        g.writeEndObject();
    }

    void data(MaintenanceEventData d) throws IOException {
        g.writeStartObject();
        if (d.transition() != null) {
            MaintenanceEventData.Transition t = d.transition();
            g.writeFieldName(F.transition);
            g.writeStartObject();
            text(F.type, t.type());
            number(F.number, t.number());
            text(F.by, t.by());
            instant(F.at, t.at());
            text(F.text, t.text());
            text(F.escalatedTo, t.escalatedTo());
            g.writeEndObject();
        }
        if (d.alert() != null) alert(d.alert());
        if (d.workRequest() != null) workRequest(d.workRequest());
        g.writeEndObject();
    }

    private void alert(MaintenanceEventData.Alert a) throws IOException {
        g.writeFieldName(F.alert);
        g.writeStartObject();
        text(F.fingerprint, a.fingerprint());
        number(F.sequence, a.sequence());
        text(F.plant, a.plant());
        text(F.asset, a.asset());
        text(F.assetType, a.assetType());
        text(F.kind, a.kind());
        text(F.failureMode, a.failureMode());
        text(F.state, a.state());
        bool(F.active, a.active());
        bool(F.acknowledged, a.acknowledged());
        bool(F.confirmed, a.confirmed());
        bool(F.shelved, a.shelved());
        bool(F.suppressed, a.suppressed());
        bool(F.outOfService, a.outOfService());
        bool(F.closed, a.closed());
        bool(F.chattering, a.chattering());
        texts(F.suppressedBy, a.suppressedBy());
        number(F.severity, a.severity());
        if (a.band() != null) {
            g.writeFieldName(F.band);
            g.writeString(a.band().name());
        }
        instant(F.raisedAt, a.raisedAt());
        facts(a.facts());
        g.writeEndObject();
    }

    private void workRequest(WorkRequest w) throws IOException {
        g.writeFieldName(F.workRequest);
        g.writeStartObject();
        if (w.maximo() != null) {
            WorkRequest.Maximo m = w.maximo();
            g.writeFieldName(F.maximo);
            g.writeStartObject();
            text(F.description, m.description());
            text(F.description_longdescription, m.description_longdescription());
            text(F.assetnum, m.assetnum());
            text(F.location, m.location());
            text(F.siteid, m.siteid());
            number(F.reportedpriority, m.reportedpriority());
            text(F.reportedby, m.reportedby());
            g.writeEndObject();
        }
        if (w.sapPm() != null) {
            WorkRequest.SapPm p = w.sapPm();
            g.writeFieldName(F.sapPm);
            g.writeStartObject();
            text(F.notificationType, p.notificationType());
            text(F.shortText, p.shortText());
            text(F.longText, p.longText());
            text(F.equipment, p.equipment());
            text(F.functionalLocation, p.functionalLocation());
            text(F.priority, p.priority());
            text(F.objectPartCodeGroup, p.objectPartCodeGroup());
            text(F.objectPartCode, p.objectPartCode());
            text(F.damageCodeGroup, p.damageCodeGroup());
            text(F.damageCode, p.damageCode());
            text(F.causeCodeGroup, p.causeCodeGroup());
            text(F.causeCode, p.causeCode());
            text(F.reportedBy, p.reportedBy());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void shelving(AlertState.Shelving s) throws IOException {
        g.writeStartObject();
        text(F.by, s.by());
        text(F.reason, s.reason());
        instant(F.at, s.at());
        instant(F.until, s.until());
        g.writeEndObject();
    }

    private void note(AlertState.Note n) throws IOException {
        g.writeStartObject();
        text(F.action, n.action());
        text(F.by, n.by());
        instant(F.at, n.at());
        text(F.text, n.text());
        g.writeEndObject();
    }

    private void facts(AlertFacts f) throws IOException {
        if (f == null) return;
        g.writeFieldName(F.facts);
        g.writeStartObject();
        text(F.candidateId, f.candidateId());
        instant(F.occurredAt, f.occurredAt());
        text(F.title, f.title());
        text(F.text, f.text());
        if (f.remainingLife() != null) {
            AlertFacts.RemainingLife r = f.remainingLife();
            g.writeFieldName(F.remainingLife);
            g.writeStartObject();
            number(F.predicted, r.predicted());
            number(F.lower, r.lower());
            number(F.upper, r.upper());
            number(F.coverage, r.coverage());
            text(F.unit, r.unit());
            g.writeEndObject();
        }
        text(F.healthStage, f.healthStage());
        if (f.evidence() != null) {
            g.writeFieldName(F.evidence);
            g.writeStartObject();
            text(F.reason, f.evidence().reason());
            g.writeFieldName(F.measurements);
            g.writeStartArray();
            for (AlertFacts.Measurement m : f.evidence().measurements()) measurement(m);
            g.writeEndArray();
            g.writeEndObject();
        }
        texts(F.citedLogs, f.citedLogs());
        text(F.baseModel, f.baseModel());
        if (f.adapterVersion() != null) {
            number(F.adapterVersion, f.adapterVersion().longValue());
        }
        text(F.writer, f.writer());
        bool(F.grounded, f.grounded());
        g.writeEndObject();
    }

    private void measurement(AlertFacts.Measurement m) throws IOException {
        g.writeStartObject();
        text(F.channel, m.channel());
        number(F.value, m.value());
        text(F.unit, m.unit());
        instant(F.time, m.time());
        if (m.limit() != null) {
            number(F.limit, m.limit().doubleValue());
        }
        text(F.zone, m.zone());
        text(F.standard, m.standard());
        g.writeEndObject();
    }

    private void bool(SerializedString name, boolean value) throws IOException {
        g.writeFieldName(name);
        g.writeBoolean(value);
    }

    private void number(SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private void number(SerializedString name, int value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private void number(SerializedString name, double value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    /** A text field, left out when null (the contract's {@code NON_NULL}). */
    private void text(SerializedString name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    /** A list of texts (never null nor holding null in the records: their constructors copy with List.copyOf). */
    private void texts(SerializedString name, List<String> values) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    private void instant(SerializedString name, Instant t) throws IOException {
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
