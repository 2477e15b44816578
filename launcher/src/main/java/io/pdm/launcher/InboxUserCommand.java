package io.pdm.launcher;

import io.pdm.alerting.inbox.security.InboxUser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pdm alerting inbox-user NAME ROLES}: one line of the inbox's users file ({@code NAME BCRYPT-HASH ROLES}) for a
 * password read from standard input, so the password is on no command line and in no shell history. The same line as
 * {@code htpasswd -bnBC 10 "" PASSWORD | tr -d ':\n'} gives the hash of; the roles are checked as the inbox checks them.
 */
@Command(
        name = "inbox-user",
        mixinStandardHelpOptions = true,
        description = "Prints a line of the inbox's users file for the password on standard input"
                + " (e.g. `pdm alerting inbox-user ana engineer:plant-a < pw >> secrets/inbox-users`).")
final class InboxUserCommand implements Callable<Integer> {
    /** bcrypt's cost: 2^10 rounds, Spring Security's default, ~0.1 s per login on a small core. */
    static final int STRENGTH = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The login name.")
    String name;

    @Parameters(index = "1", split = ",", description = "Roles, comma-separated: admin or engineer:PLANT.")
    List<String> roles;

    @Override
    public Integer call() throws Exception {
        String password;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            password = in.readLine();
        }
        if (password == null || password.isBlank()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give the password on standard input (one line, not blank)");
        }
        print(System.out, name, password, roles);
        return 0;
    }

    /** The users-file line; a bad name or role is a usage error naming it. */
    void print(PrintStream out, String name, String password, List<String> roles) {
        InboxUser user;
        try {
            user = new InboxUser(name, new BCryptPasswordEncoder(STRENGTH).encode(password), roles);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        out.println(user.name() + " " + user.bcryptHash() + " " + String.join(",", user.roles()));
    }
}
