package io.pdm.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a TCP port can be bound on 127.0.0.1 and, on Linux, which process holds it (from
 * {@code /proc/net/tcp*} and {@code /proc/PID/fd}), so a refusal can name the culprit.
 */
public final class PortHolders {
    private static final String LISTEN = "0A";

    private PortHolders() {}

    /** True when a server could bind 127.0.0.1:port right now (the way our servers bind). */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as servers do: a port in TIME_WAIT is free
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Throws when {@code port} is taken, with a message naming the port, what it was for, the process
     * holding it (Linux) and the way out.
     */
    public static void requireFree(int port, String what, String option) {
        if (port > 0 && !isFree(port)) {
            throw new PortTakenException(
                    port,
                    what + " port " + port + " is already in use (" + describe(port)
                            + "). Stop that process, choose another port with " + option
                            + ", or pass --free-ports to use free ports.");
        }
    }

    /** "held by pid 123 (cmdline)" or a note why the holder is unknown. */
    public static String describe(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) return "holder unknown: no LISTEN socket in /proc/net/tcp*";
        Path proc = Path.of("/proc");
        try (DirectoryStream<Path> pids =
                Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                if (holds(pid, inodes)) {
                    return "held by pid " + pid.getFileName() + " (" + commandLine(pid) + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "holder unknown: " + e.getMessage();
        }
        return "held by a process this user cannot inspect";
    }

    /** Inodes of LISTEN sockets on {@code port} (any address), from /proc/net/tcp and tcp6. */
    static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    if (f.length < 10 || !f[1].contains(":")) continue;
                    String localPort = f[1].substring(f[1].indexOf(':') + 1);
                    if (localPort.equalsIgnoreCase(hexPort) && LISTEN.equals(f[3])) inodes.add(f[9]);
                }
            } catch (IOException e) {
                // not Linux, or no IPv6: nothing to add
            }
        }
        return inodes;
    }

    private static boolean holds(Path pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // fd closed meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            return false; // another user's process
        }
        return false;
    }

    private static String commandLine(Path pid) {
        try {
            String cmd = new String(Files.readAllBytes(pid.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
            return cmd.length() > 160 ? cmd.substring(0, 160) + "..." : cmd;
        } catch (IOException e) {
            return "?";
        }
    }

    /** A requested port is taken; the message says by whom and what to do. */
    public static final class PortTakenException extends IllegalStateException {
        private final int port;

        PortTakenException(int port, String message) {
            super(message);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
