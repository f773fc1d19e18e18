package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclTest {
    static final Sid FINANCE = Sid.parse("S-1-5-21-1-2-3-1105");

    @Test
    void wellKnownNamesAndSids() {
        assertThat(Acl.parseEntry("Authenticated Users")).isEqualTo(Acl.AUTHENTICATED_USERS);
        assertThat(Acl.parseEntry("  authenticated users ")).isEqualTo(Acl.AUTHENTICATED_USERS);
        assertThat(Acl.parseEntry("NT AUTHORITY\\Authenticated Users")).isEqualTo(Acl.AUTHENTICATED_USERS);
        assertThat(Acl.parseEntry("Everyone")).isEqualTo(Acl.EVERYONE);
        assertThat(Acl.parseEntry("s-1-5-21-1-2-3-1105")).isEqualTo(FINANCE);
        assertThat(Acl.describe(Acl.AUTHENTICATED_USERS)).isEqualTo("Authenticated Users (S-1-5-11)");
        assertThat(Acl.describe(FINANCE)).isEqualTo("S-1-5-21-1-2-3-1105");
    }

    @Test
    void refusesWhatIsNeither() {
        for (String bad : List.of("Finance", "S-1-x", "S-", "", "Domain Users", "S-1-5-21-1-2-3-99999999999")) {
            assertThatThrownBy(() -> Acl.parseEntry(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("neither a SID");
        }
    }

    @Test
    void readAndWriteAreIndependent() {
        Acl acl = Acl.of(List.of(FINANCE.toString()), List.of("Authenticated Users"));
        Set<Sid> alice = Set.of(Acl.EVERYONE, Acl.AUTHENTICATED_USERS, FINANCE);
        Set<Sid> bob = Set.of(Acl.EVERYONE, Acl.AUTHENTICATED_USERS);
        assertThat(acl.allows(Acl.Access.READ, alice)).isTrue();
        assertThat(acl.allows(Acl.Access.READ, bob)).isFalse();
        assertThat(acl.allows(Acl.Access.WRITE, bob)).isTrue();
        assertThat(Acl.of(List.of(), List.of()).allows(Acl.Access.READ, alice)).isFalse();
    }
}
