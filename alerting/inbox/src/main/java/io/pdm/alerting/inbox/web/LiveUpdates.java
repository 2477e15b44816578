package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.BoardChange;
import io.pdm.alerting.inbox.security.PlantAccess;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events to the browsers: every change of an alert goes to the browsers whose user may see its plant,
 * as an {@code alert} event with {@code {plant, fingerprint, alert}} ({@code alert} absent when it left the board).
 * Sending runs on one thread of its own, so a slow browser never holds up the Kafka feed; a browser that is gone is
 * forgotten at the next send. The browser's EventSource reconnects by itself after the timeout.
 */
@RestController
public class LiveUpdates implements DisposableBean {
    static final long TIMEOUT_MS = 30 * 60_000L;

    private final Map<SseEmitter, PlantAccess> browsers = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pdm-inbox-sse");
        t.setDaemon(true);
        return t;
    });
    private final AlertBoard board;
    private final long timeoutMs;
    private final java.util.function.Consumer<BoardChange> listener = c -> sender.execute(() -> push(c));

    /**
     * A stream lasts at most as long as an idle session: the browser then reconnects, and a person whose session has
     * expired gets 401 instead of more alerts.
     */
    public LiveUpdates(AlertBoard board, InboxSettings settings) {
        this.board = board;
        this.timeoutMs = Math.min(TIMEOUT_MS, settings.sessionTimeout().toMillis());
        board.addListener(listener);
    }

    @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(Authentication auth) throws IOException {
        SseEmitter emitter = new SseEmitter(timeoutMs);
        PlantAccess access = PlantAccess.of(auth);
        emitter.onCompletion(() -> browsers.remove(emitter));
        emitter.onTimeout(() -> browsers.remove(emitter));
        emitter.onError(e -> browsers.remove(emitter));
        browsers.put(emitter, access);
        emitter.send(SseEmitter.event().name("hello").data(Map.of("user", access.user())));
        return emitter;
    }

    public int browsers() {
        return browsers.size();
    }

    private void push(BoardChange c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plant", c.plant());
        data.put("fingerprint", c.fingerprint());
        if (c.alert() != null) data.put("alert", c.alert());
        browsers.forEach((emitter, access) -> {
            if (!access.canSee(c.plant())) return;
            try {
                emitter.send(SseEmitter.event().name("alert").data(data, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                browsers.remove(emitter);
            }
        });
    }

    @Override
    public void destroy() {
        board.removeListener(listener);
        sender.shutdownNow();
        for (SseEmitter e : browsers.keySet()) {
            try {
                e.complete();
            } catch (RuntimeException gone) {
                // the browser's response is already closed: nothing left to end
            }
        }
        browsers.clear();
    }
}
