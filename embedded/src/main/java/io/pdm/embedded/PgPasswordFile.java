package io.pdm.embedded;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The password of a {@link LocalPostgres}, kept in {@code pg-password} in its data dir (owner-only), and the pgjdbc
 * authentication plugin that reads it. A local server's JDBC URL names this class and the file, never the password, so
 * every JDBC user of the platform (the store's writers, Flyway, the trainer, a child JVM that got the URL) connects
 * without a password in a URL, a log line or a command line.
 *
 * <p>pgjdbc builds the plugin with the connection's properties. The file comes from the URL's {@value #URL_PARAMETER};
 * a {@code DataSource} that keeps only pgjdbc's own properties drops that parameter, so the plugin then looks the
 * server up by port among the local servers this JVM started. It reads only a file named {@value #FILE_NAME} that no
 * one else may read, so a URL cannot make it send an arbitrary file to a server.
 */
public final class PgPasswordFile implements AuthenticationPlugin {
    public static final String FILE_NAME = "pg-password";
    static final String URL_PARAMETER = "pdmPasswordFile";
    private static final Map<String, Path> BY_PORT = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Properties info;

    /** Called by pgjdbc ({@code ObjectFactory}) with the connection's properties. */
    public PgPasswordFile(Properties info) {
        this.info = info;
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        String named = info.getProperty(URL_PARAMETER);
        Path file = named != null ? Path.of(named) : BY_PORT.get(info.getProperty("PGPORT", ""));
        if (file == null) {
            throw new PSQLException(
                    "no " + FILE_NAME + " for the local PostgreSQL on port " + info.getProperty("PGPORT"),
                    PSQLState.INVALID_PASSWORD);
        }
        try {
            return read(file).toCharArray();
        } catch (IOException | IllegalStateException e) {
            throw new PSQLException(
                    "cannot read the local PostgreSQL password: " + e.getMessage(), PSQLState.INVALID_PASSWORD, e);
        }
    }

    /** The URL query that makes pgjdbc authenticate with the password in {@code file}. */
    static String urlQuery(Path file) {
        return "authenticationPluginClassName=" + PgPasswordFile.class.getName() + "&" + URL_PARAMETER + "="
                + URLEncoder.encode(file.toAbsolutePath().toString(), StandardCharsets.UTF_8);
    }

    static void register(int port, Path file) {
        BY_PORT.put(Integer.toString(port), file.toAbsolutePath());
    }

    static void unregister(int port) {
        BY_PORT.remove(Integer.toString(port));
    }

    /** The password in {@code dir}'s file, generated (32 random bytes, owner-only) on first use. */
    static String readOrCreate(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Path tmp = dir.resolve(FILE_NAME + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                // atomic: a crash leaves no file (generated again) or the whole one
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return read(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + file, e);
        }
    }

    private static String read(Path file) throws IOException {
        if (!FILE_NAME.equals(String.valueOf(file.getFileName()))) {
            throw new IllegalStateException("refusing " + file + ": the password file is named " + FILE_NAME);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IllegalStateException(file + " must be readable by its owner only (chmod 600), is " + perms);
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) throw new IllegalStateException(file + " is empty");
        return password;
    }
}
