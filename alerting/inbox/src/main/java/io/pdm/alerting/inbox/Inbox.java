package io.pdm.alerting.inbox;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.feed.InboxFeeds;
import io.pdm.alerting.inbox.web.CommandSink;
import io.pdm.alerting.inbox.web.InboxWebApp;
import io.pdm.alerting.inbox.web.KafkaCommandSink;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The running inbox: the read model fed from Kafka, the command producer and the web app. {@link #start} returns once
 * the web app listens; the board fills while the feeds read the state topics from the beginning (readiness says when
 * they have caught up, unless the host's probes decide).
 */
public final class Inbox implements AutoCloseable {
    /** The alarm-system statistics look this far back. */
    public static final Duration EVENT_WINDOW = Duration.ofDays(7);

    public static final int MAX_EVENTS = 500_000;

    private final InboxFeeds feeds;
    private final KafkaCommandSink sink;
    private final ConfigurableApplicationContext web;
    private final AlertBoard board;
    private final String bind;

    private Inbox(
            InboxFeeds feeds,
            KafkaCommandSink sink,
            ConfigurableApplicationContext web,
            AlertBoard board,
            String bind) {
        this.feeds = feeds;
        this.sink = sink;
        this.web = web;
        this.board = board;
        this.bind = bind;
    }

    public static Inbox start(InboxSettings settings) {
        return start(settings, null);
    }

    /**
     * As {@link #start(InboxSettings)}; with {@code meters} (the hosting service's registry) the web app also serves
     * them at {@code /actuator/prometheus}.
     */
    public static Inbox start(InboxSettings settings, PrometheusMeterRegistry meters) {
        Clock clock = Clock.systemUTC();
        AlertBoard board = new AlertBoard(settings.retention(), clock);
        EventLog events = new EventLog(EVENT_WINDOW, MAX_EVENTS, clock);
        InboxFeeds feeds = InboxFeeds.start(settings.kafkaClient(), settings.plants(), board, events);
        KafkaCommandSink sink = null;
        try {
            sink = new KafkaCommandSink(settings.kafkaClient());
            InboxSettings.Probes probes = settings.probes() != null
                    ? settings.probes()
                    : new InboxSettings.Probes(() -> true, feeds::caughtUp);
            ConfigurableApplicationContext web =
                    InboxWebApp.start(settings, board, events, sink, clock, probes, meters);
            return new Inbox(feeds, sink, web, board, settings.bind());
        } catch (RuntimeException e) {
            feeds.close();
            if (sink != null) sink.close();
            throw e;
        }
    }

    public int port() {
        return InboxWebApp.port(web);
    }

    /** The address a person opens (a wildcard bind is shown as localhost). */
    public String url() {
        String host = bind == null || bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
        return "http://" + host + ":" + port() + "/";
    }

    public AlertBoard board() {
        return board;
    }

    public boolean caughtUp() {
        return feeds.caughtUp();
    }

    CommandSink sink() {
        return sink;
    }

    @Override
    public void close() {
        web.close();
        feeds.close();
        sink.close();
    }
}
