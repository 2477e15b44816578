package io.pdm.alerting.inbox.security;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who is asking and which plants they may see and act on: an admin every plant the inbox serves, an engineer the
 * plants of their {@code engineer:PLANT} roles. The one rule every read and every action goes through.
 */
public record PlantAccess(String user, boolean admin, Set<String> plants) {
    public PlantAccess {
        plants = Set.copyOf(plants);
    }

    public static PlantAccess of(Authentication auth) {
        boolean admin = false;
        Set<String> plants = new TreeSet<>();
        for (GrantedAuthority a : auth.getAuthorities()) {
            String name = a.getAuthority();
            if (Roles.ADMIN_AUTHORITY.equals(name)) admin = true;
            if (name != null && name.startsWith(Roles.PLANT_PREFIX))
                plants.add(name.substring(Roles.PLANT_PREFIX.length()));
        }
        return new PlantAccess(auth.getName(), admin, plants);
    }

    public boolean canSee(String plant) {
        return admin || plants.contains(plant);
    }
}
