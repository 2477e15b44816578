package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.BoardChange;
import io.pdm.alerting.inbox.security.IdleSessions;
import io.pdm.alerting.inbox.security.PlantAccess;
import jakarta.servlet.http.HttpServletRequest;
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
    private final IdleSessions sessions;
    private final java.util.function.Consumer<BoardChange> listener = c -> sender.execute(() -> push(c));

    /**
     * A stream ends when its session would expire if the person did nothing more (the stream itself is no activity,
     * {@link IdleSessions}), at most after 30 minutes: the browser then reconnects, and a person whose session has
     * expired gets {@code 401 Session expired} instead of more alerts, and the page goes to the login.
     */
    public LiveUpdates(AlertBoard board, IdleSessions sessions) {
        this.board = board;
        this.sessions = sessions;
        board.addListener(listener);
    }

    @GetMapping(path = IdleSessions.STREAM, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(Authentication auth, HttpServletRequest request) throws IOException {
        long left = sessions.remaining(request).toMillis();
        SseEmitter emitter = new SseEmitter(Math.max(1_000, Math.min(TIMEOUT_MS, left)));
        PlantAccess access = PlantAccess.of(auth);
        emitter.onCompletion(() -> browsers.remove(emitter));
        emitter.onTimeout(() -> browsers.remove(emitter));
        emitter.onError(e -> browsers.remove(emitter));
        browsers.put(emitter, access);
        // reconnect after a second (not the browser's 3 s): an expired session shows at once
        emitter.send(SseEmitter.event().name("hello").reconnectTime(1_000).data(Map.of("user", access.user())));
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
