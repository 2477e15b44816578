package io.pdm.alerting.notify.channel;

import io.pdm.alerting.notify.Notification;

/** The plain-text and HTML renderings of a notification for e-mail. */
final class MessageText {
    private MessageText() {}

    static String plain(Notification n) {
        StringBuilder s = new StringBuilder();
        s.append(n.title()).append("\n\n");
        if (!n.body().isEmpty()) s.append(n.body()).append("\n\n");
        s.append("Plant: ").append(n.plant()).append('\n');
        s.append("Asset: ").append(n.asset()).append('\n');
        s.append("Severity: ")
                .append(n.severity())
                .append(" (")
                .append(n.band())
                .append(")\n");
        s.append("Transition: ").append(n.kind()).append('\n');
        s.append("At: ").append(n.occurredAt()).append('\n');
        if (n.link() != null) s.append("\nOpen in the inbox: ").append(n.link()).append('\n');
        return s.toString();
    }

    static String html(Notification n) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><body>");
        s.append("<h2>").append(escape(n.title())).append("</h2>");
        if (!n.body().isEmpty()) {
            s.append("<p>").append(escape(n.body()).replace("\n", "<br>")).append("</p>");
        }
        s.append("<table>");
        row(s, "Plant", n.plant());
        row(s, "Asset", n.asset());
        row(s, "Severity", n.severity() + " (" + n.band() + ")");
        row(s, "Transition", n.kind().toString());
        row(s, "At", n.occurredAt().toString());
        s.append("</table>");
        if (n.link() != null) {
            s.append("<p><a href=\"").append(escape(n.link().toString())).append("\">Open in the inbox</a></p>");
        }
        return s.append("</body></html>").toString();
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append("<tr><th align=\"left\">")
                .append(name)
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
