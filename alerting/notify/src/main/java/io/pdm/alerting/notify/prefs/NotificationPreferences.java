package io.pdm.alerting.notify.prefs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contents of a preferences file ({@code notification-preferences/v1}): the users and, per plant, the ordered
 * escalation list the alert lifecycle walks when an alert stays unacknowledged.
 *
 * @param users every user; names are unique
 * @param escalation plant id to user names, first to be told first; every name must be a user
 */
public record NotificationPreferences(List<UserPreferences> users, Map<String, List<String>> escalation) {
    public NotificationPreferences {
        users = users == null ? List.of() : List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            if (!names.add(users.get(i).name())) {
                throw new InvalidFieldException(
                        "/users/" + i + "/name",
                        "duplicate user '" + users.get(i).name() + "'");
            }
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        if (escalation != null) {
            for (Map.Entry<String, List<String>> e : escalation.entrySet()) {
                String plant = e.getKey();
                String at = "/escalation/" + plant.replace("~", "~0").replace("/", "~1");
                if (!UserPreferences.PLANT.matcher(plant).matches()) {
                    throw new InvalidFieldException(at, "not a plant id: '" + plant + "'");
                }
                List<String> list = e.getValue() == null ? List.of() : e.getValue();
                if (list.isEmpty()) throw new InvalidFieldException(at, "an escalation list needs at least one name");
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    if (!names.contains(list.get(i))) {
                        throw new InvalidFieldException(at + "/" + i, "unknown user '" + list.get(i) + "'");
                    }
                    if (!seen.add(list.get(i))) {
                        throw new InvalidFieldException(at + "/" + i, "'" + list.get(i) + "' is already in this list");
                    }
                }
                lists.put(plant, List.copyOf(list));
            }
        }
        escalation = java.util.Collections.unmodifiableMap(lists);
    }

    /** No users, no escalation lists: nobody is notified. */
    public static NotificationPreferences empty() {
        return new NotificationPreferences(List.of(), Map.of());
    }

    /** The user of that name. */
    public Optional<UserPreferences> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** The plant's escalation list, first to be told first; empty when the plant has none. */
    public List<String> escalationList(String plant) {
        return escalation.getOrDefault(plant, List.of());
    }

    /**
     * Who is told at escalation {@code level} (0 = the first name of the list): empty past the end of the list, so
     * the lifecycle knows it has run out of people.
     */
    public Optional<String> escalationTarget(String plant, int level) {
        List<String> list = escalationList(plant);
        return level >= 0 && level < list.size() ? Optional.of(list.get(level)) : Optional.empty();
    }

    Map<String, UserPreferences> byName() {
        Map<String, UserPreferences> map = new HashMap<>();
        users.forEach(u -> map.put(u.name(), u));
        return map;
    }
}
