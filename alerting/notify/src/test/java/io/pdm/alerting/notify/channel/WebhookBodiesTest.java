package io.pdm.alerting.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.NotificationKind;
import io.pdm.alerting.notify.prefs.WebhookFormat;
import io.pdm.schemas.testing.ContractSchemas;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three bodies say the same thing in their receivers' shapes; the generic one meets its schema. */
class WebhookBodiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Notification N = new Notification(
            "evt-42",
            "plant-a",
            "pump-3",
            870,
            null,
            NotificationKind.ESCALATED,
            "Bearing <wear> & heat",
            "Vibration 7.1 mm/s\nAct within 3 days",
            URI.create("https://inbox.example/alerts/42"),
            List.of("alice"),
            Instant.parse("2026-12-05T14:00:00Z"));

    static JsonNode render(Notification n, WebhookFormat f) throws Exception {
        return JSON.readTree(WebhookBodies.render(n, f));
    }

    @Test
    void genericBodyCarriesEveryFieldAndMeetsItsSchema() throws Exception {
        JsonNode g = render(N, WebhookFormat.GENERIC);
        assertThat(ContractSchemas.validate("notification-webhook", g)).isEmpty();
        assertThat(g.get("schema").asText()).isEqualTo("https://pdm.example/schemas/notification-webhook/v1");
        assertThat(g.get("idempotencyKey").asText()).isEqualTo("evt-42");
        assertThat(g.get("band").asText()).isEqualTo("critical");
        assertThat(g.get("kind").asText()).isEqualTo("escalated");
        assertThat(g.get("recipients").get(0).asText()).isEqualTo("alice");
        assertThat(g.get("link").asText()).isEqualTo("https://inbox.example/alerts/42");

        Notification bare = Notification.of(
                "k",
                "plant-a",
                "pump-3",
                5,
                NotificationKind.CLEARED,
                "ok",
                null,
                null,
                Instant.parse("2026-12-05T14:00:00Z"));
        JsonNode b = render(bare, WebhookFormat.GENERIC);
        assertThat(ContractSchemas.validate("notification-webhook", b)).isEmpty();
        assertThat(b.has("link")).isFalse();
        ((com.fasterxml.jackson.databind.node.ObjectNode) b).put("severity", 0).put("extra", 1);
        assertThat(ContractSchemas.validate("notification-webhook", b))
                .anySatisfy(m -> assertThat(m).startsWith("/severity: "))
                .anySatisfy(m -> assertThat(m).contains("extra"));
    }

    @Test
    void slackBodyHasFallbackTextAndBlocksWithMrkdwnEscaped() throws Exception {
        JsonNode s = render(N, WebhookFormat.SLACK);
        assertThat(s.get("text").asText()).isEqualTo("[CRITICAL 870] plant-a/pump-3: Bearing &lt;wear&gt; &amp; heat");
        JsonNode blocks = s.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).at("/text/text").asText())
                .isEqualTo("Bearing <wear> & heat"); // plain_text: no escaping
        assertThat(blocks.get(1).at("/text/text").asText()).isEqualTo("Vibration 7.1 mm/s\nAct within 3 days");
        assertThat(blocks.get(2).get("type").asText()).isEqualTo("context");
        assertThat(blocks.get(3).at("/elements/0/url").asText()).isEqualTo("https://inbox.example/alerts/42");
    }

    @Test
    void teamsBodyIsAMessageWithOneAdaptiveCard() throws Exception {
        JsonNode t = render(N, WebhookFormat.TEAMS);
        assertThat(t.get("type").asText()).isEqualTo("message");
        JsonNode a = t.get("attachments").get(0);
        assertThat(a.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = a.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.at("/body/0/text").asText()).isEqualTo("Bearing <wear> & heat");
        assertThat(card.at("/body/0/color").asText()).isEqualTo("Attention");
        assertThat(card.at("/body/2/facts"))
                .extracting(f -> f.get("title").asText())
                .contains("Plant", "Asset", "Severity");
        assertThat(card.at("/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(card.at("/actions/0/url").asText()).isEqualTo("https://inbox.example/alerts/42");
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T14:00:00Z"), ZoneOffset.UTC);
        assertThat(WebhookSender.retryAfter("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(WebhookSender.retryAfter("Sat, 05 Dec 2026 14:00:30 GMT", clock))
                .contains(Duration.ofSeconds(30));
        assertThat(WebhookSender.retryAfter("Sat, 05 Dec 2026 13:00:00 GMT", clock))
                .contains(Duration.ZERO);
        assertThat(WebhookSender.retryAfter("soon", clock)).isEmpty();
    }
}
