package io.pdm.alerting.inbox.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The inbox's roles, written the same in the users file and in an OIDC token's claim: {@code admin} (every plant) or
 * {@code engineer:PLANT} (one plant; a person may hold several). They become the authorities {@code ROLE_ADMIN},
 * {@code ROLE_ENGINEER} and {@code PLANT_{plant}}.
 */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String ADMIN_AUTHORITY = "ROLE_ADMIN";
    public static final String PLANT_PREFIX = "PLANT_";
    private static final Pattern PLANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Roles() {}

    /** Parses one role; throws with the reason when it is neither {@code admin} nor {@code engineer:PLANT}. */
    public static void check(String role) {
        if (role.equals(ADMIN)) return;
        if (role.startsWith("engineer:") && PLANT.matcher(role.substring(9)).matches()) return;
        throw new IllegalArgumentException(
                "role '" + role + "' is neither 'admin' nor 'engineer:PLANT' (PLANT in lower case, digits, '-')");
    }

    /** The authorities of some roles; unknown roles (from a token) grant nothing. */
    public static List<GrantedAuthority> authorities(Collection<String> roles) {
        Set<String> out = new LinkedHashSet<>();
        for (String role : roles) {
            try {
                check(role);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (role.equals(ADMIN)) {
                out.add(ADMIN_AUTHORITY);
            } else {
                out.add("ROLE_ENGINEER");
                out.add(PLANT_PREFIX + role.substring(9));
            }
        }
        List<GrantedAuthority> list = new ArrayList<>();
        for (String a : out) list.add(new SimpleGrantedAuthority(a));
        return list;
    }
}
