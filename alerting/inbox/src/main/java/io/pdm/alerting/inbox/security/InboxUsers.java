package io.pdm.alerting.inbox.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The users file: one person per line, {@code NAME BCRYPT-HASH ROLE[,ROLE…]} separated by blanks; {@code #} starts a
 * comment. For example {@code engineer-a $2a$10$… engineer:plant-a}. Make a hash with
 * {@code htpasswd -bnBC 10 "" PASSWORD | tr -d ':\n'}. A bad line is refused with its number: a typo must not lock
 * someone out silently.
 */
public final class InboxUsers {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679".toCharArray();

    private InboxUsers() {}

    public static List<InboxUser> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inbox users file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    static List<InboxUser> parse(List<String> lines, String source) {
        List<InboxUser> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            String where = source + " line " + (i + 1) + ": ";
            if (f.length != 3) {
                throw new IllegalArgumentException(
                        where + "expected NAME BCRYPT-HASH ROLES, found " + f.length + " fields");
            }
            try {
                InboxUser u = new InboxUser(f[0], f[1], Arrays.asList(f[2].split(",")));
                if (!names.add(u.name())) throw new IllegalArgumentException("user " + u.name() + " appears twice");
                users.add(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (users.isEmpty()) throw new IllegalArgumentException(source + " names no user");
        return users;
    }

    /**
     * Demo users with fresh random passwords: name → roles in, name → password out (printed once at start-up; only
     * the hashes are kept).
     */
    public static Map<String, String> generate(Map<String, List<String>> rolesByName, List<InboxUser> into) {
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
        Map<String, String> passwords = new LinkedHashMap<>();
        rolesByName.forEach((name, roles) -> {
            char[] pw = new char[16];
            for (int i = 0; i < pw.length; i++) pw[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
            String password = new String(pw);
            into.add(new InboxUser(name, encoder.encode(password), roles));
            passwords.put(name, password);
        });
        return passwords;
    }
}
