package io.pdm.alerting.inbox.security;

import java.util.List;

/** One person of the users file: name, bcrypt hash of the password, roles ({@link Roles}). */
public record InboxUser(String name, String bcryptHash, List<String> roles) {
    public InboxUser {
        roles = List.copyOf(roles);
        roles.forEach(Roles::check);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a user needs a name");
        if (bcryptHash == null || !bcryptHash.matches("\\$2[aby]?\\$\\d\\d\\$.{53}")) {
            throw new IllegalArgumentException("the password of " + name + " is not a bcrypt hash ($2a$10$…)");
        }
    }
}
