package io.pdm.alerting.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.prefs.WebhookFormat;

/** The JSON bodies of the three webhook formats. */
public final class WebhookBodies {
    /** The {@code $id} of the generic body's schema, also sent in the body as {@code schema}. */
    public static final String GENERIC_SCHEMA = "https://pdm.example/schemas/notification-webhook/v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    // Slack refuses a header block over 150 characters and a section text over 3000.
    private static final int SLACK_HEADER_MAX = 150;
    private static final int SLACK_SECTION_MAX = 3000;

    private WebhookBodies() {}

    public static String render(Notification n, WebhookFormat format) {
        ObjectNode body = switch (format) {
            case GENERIC -> generic(n);
            case SLACK -> slack(n);
            case TEAMS -> teams(n);
        };
        return body.toString();
    }

    /** Our own body: every field of the notification, schema {@value #GENERIC_SCHEMA}. */
    static ObjectNode generic(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", GENERIC_SCHEMA);
        o.put("idempotencyKey", n.idempotencyKey());
        o.put("plant", n.plant());
        o.put("asset", n.asset());
        o.put("severity", n.severity());
        o.put("band", n.band().name().toLowerCase(java.util.Locale.ROOT));
        o.put("kind", n.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.put("title", n.title());
        o.put("body", n.body());
        if (n.link() != null) o.put("link", n.link().toString());
        ArrayNode recipients = o.putArray("recipients");
        n.recipients().forEach(recipients::add);
        o.put("occurredAt", n.occurredAt().toString());
        return o;
    }

    /** A Slack incoming-webhook message: {@code text} is the fallback for notifications, {@code blocks} the layout. */
    static ObjectNode slack(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("text", slackEscape(summary(n)));
        ArrayNode blocks = o.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(n.title(), SLACK_HEADER_MAX));
        if (!n.body().isEmpty()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", cut(slackEscape(n.body()), SLACK_SECTION_MAX));
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        slackEscape("*" + n.band() + "* " + n.severity() + " · " + n.plant() + "/" + n.asset() + " · "
                                + n.kind() + " · " + n.occurredAt()));
        if (n.link() != null) {
            ObjectNode button = blocks.addObject()
                    .put("type", "actions")
                    .putArray("elements")
                    .addObject();
            button.put("type", "button").put("url", n.link().toString());
            button.putObject("text").put("type", "plain_text").put("text", "Open in inbox");
        }
        return o;
    }

    /** A Teams message carrying one Adaptive Card (version 1.4, what Teams webhooks and workflows render). */
    static ObjectNode teams(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "message");
        ObjectNode attachment = o.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject()
                .put("type", "TextBlock")
                .put("text", n.title())
                .put("weight", "Bolder")
                .put("size", "Medium")
                .put("wrap", true)
                .put(
                        "color",
                        n.band().compareTo(io.pdm.alerting.notify.SeverityBand.HIGH) >= 0 ? "Attention" : "Default");
        if (!n.body().isEmpty())
            body.addObject().put("type", "TextBlock").put("text", n.body()).put("wrap", true);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Plant", n.plant());
        fact(facts, "Asset", n.asset());
        fact(facts, "Severity", n.severity() + " (" + n.band() + ")");
        fact(facts, "Transition", n.kind().toString());
        fact(facts, "At", n.occurredAt().toString());
        if (n.link() != null) {
            card.putArray("actions")
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", "Open in inbox")
                    .put("url", n.link().toString());
        }
        return o;
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", value);
    }

    static String summary(Notification n) {
        return "[" + n.band() + " " + n.severity() + "] " + n.plant() + "/" + n.asset() + ": " + n.title();
    }

    /** Slack's mrkdwn treats {@code & < >} as control characters; everything else is shown as written. */
    static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
