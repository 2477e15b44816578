package io.pdm.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Finds free TCP ports on 127.0.0.1 for servers that need an explicit port up front. */
public final class FreePorts {
    // Ports handed out recently in this JVM: the OS may hand the same ephemeral port twice
    // before the first caller has bound it, so avoid returning duplicates ourselves.
    private static final Set<Integer> RECENT = new HashSet<>();

    private FreePorts() {}

    /** A port that was free on 127.0.0.1 a moment ago (there is an unavoidable small race). */
    public static synchronized int find() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = bindAndRelease();
            if (RECENT.add(port)) {
                if (RECENT.size() > 1000) {
                    RECENT.clear();
                    RECENT.add(port);
                }
                return port;
            }
        }
        throw new IllegalStateException("could not find a free TCP port");
    }

    /** {@code requested} when it is positive, otherwise a fresh free port. */
    public static int orFree(int requested) {
        return requested > 0 ? requested : find();
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int bindAndRelease() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind an ephemeral port", e);
        }
    }
}
