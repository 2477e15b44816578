package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.alerting.inbox.security.InboxUser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;

/**
 * {@code pdm alerting inbox-user}: the line it prints for a password on standard input is one the inbox loads (the same
 * parser {@code --inbox-users} uses) and whose hash matches that password; a bad role or no password is a usage error.
 */
class InboxUserCommandTest {

    @Test
    void printsAUsersFileLineTheInboxLoads(@TempDir Path dir) throws Exception {
        Result r = run("s3cret-Pw\n", "alerting", "inbox-user", "ana", "engineer:plant-a,engineer:plant-b");
        assertThat(r.exit()).as(r.err()).isZero();
        Path users = Files.writeString(dir.resolve("users"), r.out());
        List<InboxUser> loaded = io.pdm.alerting.inbox.security.InboxUsers.load(users);
        assertThat(loaded).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("ana");
            assertThat(u.roles()).containsExactly("engineer:plant-a", "engineer:plant-b");
            assertThat(new BCryptPasswordEncoder().matches("s3cret-Pw", u.bcryptHash()))
                    .isTrue();
        });
        assertThat(r.out()).doesNotContain("s3cret-Pw");
    }

    @Test
    void aBadRoleOrNoPasswordIsAUsageError() throws Exception {
        Result role = run("pw\n", "alerting", "inbox-user", "ana", "engineer");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err()).contains("engineer");
        Result none = run("", "alerting", "inbox-user", "ana", "admin");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("password on standard input");
    }

    private record Result(int exit, String out, String err) {}

    private static synchronized Result run(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CommandLine pdm = Pdm.commandLine();
            pdm.setErr(new PrintWriter(err, true));
            int exit = pdm.execute(args);
            return new Result(exit, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
    }
}
