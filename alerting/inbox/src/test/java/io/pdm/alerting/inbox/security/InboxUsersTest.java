package io.pdm.alerting.inbox.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class InboxUsersTest {
    static final String HASH = new BCryptPasswordEncoder(4).encode("secret");

    @Test
    void readsUsersAndTheirPlants() {
        List<InboxUser> users = InboxUsers.parse(
                List.of(
                        "# the plant's people",
                        "",
                        "engineer-a " + HASH + " engineer:plant-a",
                        "lead\t" + HASH + "   engineer:plant-a,engineer:plant-b",
                        "admin " + HASH + " admin"),
                "users");
        assertThat(users).extracting(InboxUser::name).containsExactly("engineer-a", "lead", "admin");
        PlantAccess lead = PlantAccess.of(new UsernamePasswordAuthenticationToken(
                "lead", null, Roles.authorities(users.get(1).roles())));
        assertThat(lead.canSee("plant-b")).isTrue();
        assertThat(lead.canSee("plant-c")).isFalse();
        PlantAccess admin = PlantAccess.of(new UsernamePasswordAuthenticationToken(
                "admin", null, Roles.authorities(users.get(2).roles())));
        assertThat(admin.canSee("plant-c")).isTrue();
    }

    @Test
    void aBadLineIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> InboxUsers.parse(List.of("ann " + HASH), "f"))
                .hasMessageContaining("f line 1")
                .hasMessageContaining("2 fields");
        assertThatThrownBy(() -> InboxUsers.parse(List.of("#", "ann secret engineer:plant-a"), "f"))
                .hasMessageContaining("f line 2")
                .hasMessageContaining("not a bcrypt hash");
        assertThatThrownBy(() -> InboxUsers.parse(List.of("ann " + HASH + " operator"), "f"))
                .hasMessageContaining("'operator'");
        assertThatThrownBy(() -> InboxUsers.parse(List.of("ann " + HASH + " admin", "ann " + HASH + " admin"), "f"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> InboxUsers.parse(List.of("# nobody"), "f")).hasMessageContaining("names no user");
    }

    @Test
    void tokenRolesThatAreNotOursGrantNothing() {
        assertThat(Roles.authorities(List.of("superuser", "engineer:", "engineer:Plant A")))
                .isEmpty();
    }

    @Test
    void generatedDemoPasswordsMatchTheirHashes() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("engineer-a", List.of("engineer:plant-a"));
        roles.put("admin", List.of("admin"));
        List<InboxUser> users = new ArrayList<>();
        Map<String, String> passwords = InboxUsers.generate(roles, users);
        assertThat(passwords.keySet()).containsExactly("engineer-a", "admin");
        assertThat(passwords.values()).allSatisfy(p -> assertThat(p).hasSize(16));
        assertThat(new BCryptPasswordEncoder()
                        .matches(passwords.get("admin"), users.get(1).bcryptHash()))
                .isTrue();
        assertThat(passwords.get("admin")).isNotEqualTo(passwords.get("engineer-a"));
    }
}
