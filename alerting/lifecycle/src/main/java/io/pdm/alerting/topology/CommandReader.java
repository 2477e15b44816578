package io.pdm.alerting.topology;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.pdm.alerting.lifecycle.RejectReason;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.Ids;
import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertJson;
import java.io.IOException;
import java.util.stream.Collectors;

/** Reads an alert command (JSON), checking what Jackson alone does not: required fields, ids, silence times. */
public final class CommandReader {

    public AlertCommand read(byte[] bytes) throws Rejected {
        if (bytes == null) throw new Rejected(RejectReason.MALFORMED_COMMAND, "empty value");
        AlertCommand c;
        try {
            c = AlertJson.command(bytes);
        } catch (JsonMappingException e) {
            String at = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("/", "/", ""));
            throw new Rejected(RejectReason.MALFORMED_COMMAND, at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejected(RejectReason.MALFORMED_COMMAND, "not JSON: " + e.getMessage());
        }
        require(c.commandId(), "commandId");
        require(c.by(), "by");
        if (c.at() == null) throw missing("at");
        if (c instanceof AlertCommand.OnAlert a) require(a.fingerprint(), "fingerprint");
        if (c instanceof AlertCommand.OnAlert || c instanceof AlertCommand.OnAsset) {
            require(c.asset(), "asset");
            if (!Ids.isValid(c.asset())) {
                throw new Rejected(RejectReason.MALFORMED_COMMAND, "/asset: '" + c.asset() + "' is not a valid id");
            }
        }
        if (c instanceof AlertCommand.SilenceAdd s) {
            require(s.silenceId(), "silenceId");
            if (s.start() == null) throw missing("start");
            if (s.end() == null) throw missing("end");
            if (!s.end().isAfter(s.start())) {
                throw new Rejected(RejectReason.INVALID_SILENCE, "silence " + s.silenceId() + " ends before it starts");
            }
        }
        if (c instanceof AlertCommand.SilenceRemove s) require(s.silenceId(), "silenceId");
        return c;
    }

    private static void require(String value, String field) throws Rejected {
        if (value == null || value.isBlank()) throw missing(field);
    }

    private static Rejected missing(String field) {
        return new Rejected(RejectReason.MALFORMED_COMMAND, "/" + field + ": required");
    }
}
