package io.pdm.bench.federated;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of the aggregator that counts the bytes each way: what one plant really puts on the wire,
 * TLS records and HTTP headers included, whatever the aggregation mode. One per plant.
 */
final class ByteCountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicLong downstream = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ByteCountingProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            // a thousand simulated plants connect at once
            this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept-" + server.getLocalPort(), this::acceptLoop).start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes from the plant to the aggregator so far. */
    long upstreamBytes() {
        return upstream.get();
    }

    long downstreamBytes() {
        return downstream.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                daemon("proxy-up", () -> pump(client, target, upstream)).start();
                daemon("proxy-down", () -> pump(target, client, downstream)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                counter.addAndGet(n);
            }
        } catch (IOException e) {
            // one side closed: the other pump sees it too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(ByteCountingProxy::closeQuietly);
    }
}
