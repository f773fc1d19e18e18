package io.kerbridge.directory;

import static io.kerbridge.directory.WellKnown.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.MutableClock;
import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.kerberos.pac.Sid;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WellKnownObjectsTest {
    @TempDir
    Path dir;

    @Test
    void newDomainHasTheWellKnownAccounts() {
        try (Directory d = TestDirectories.empty(dir, new MutableClock(TestDirectories.START))) {
            Domain dom = d.domain();
            assertThat(dom.realm()).isEqualTo("CONTOSO.TEST");
            Account admin = d.users().get(dom.sidWithRid(ADMINISTRATOR)).orElseThrow();
            Account guest = d.users().get(dom.sidWithRid(GUEST)).orElseThrow();
            Account krbtgt = d.users().get(dom.sidWithRid(KRBTGT)).orElseThrow();
            assertThat(admin.samAccountName()).isEqualTo("Administrator");
            assertThat(admin.isDisabled()).isFalse();
            assertThat(admin.primaryGroupRid()).isEqualTo(513);
            assertThat(guest.isDisabled()).isTrue();
            assertThat(guest.primaryGroupRid()).isEqualTo(514);
            assertThat(krbtgt.type()).isEqualTo(AccountType.KRBTGT);
            assertThat(krbtgt.isDisabled()).isTrue();
        }
    }

    @Test
    void randomDomainSidHasThreeSubAuthorities() {
        try (Directory d = Directory.create(dir, DomainSpec.forestRoot("fabrikam.test", "FABRIKAM"),
                "Adm1n!Passw0rd".toCharArray())) {
            Sid sid = d.domain().sid();
            assertThat(sid.toString()).startsWith("S-1-5-21-");
            assertThat(sid.subAuthorities()).hasSize(4);
        }
    }

    @Test
    void wellKnownGroupsWithScopesAndDefaultMembers() {
        try (Directory d = TestDirectories.empty(dir, new MutableClock(TestDirectories.START))) {
            Domain dom = d.domain();
            GroupAdmin g = d.groups();
            assertThat(g.get(dom.sidWithRid(DOMAIN_ADMINS)).orElseThrow().scope()).isEqualTo(GroupScope.GLOBAL);
            assertThat(g.get(dom.sidWithRid(ENTERPRISE_ADMINS)).orElseThrow().scope()).isEqualTo(GroupScope.UNIVERSAL);
            assertThat(g.get(dom.sidWithRid(DENIED_RODC_PASSWORD_REPLICATION)).orElseThrow().scope())
                    .isEqualTo(GroupScope.DOMAIN_LOCAL);
            for (long rid : new long[] {512, 513, 514, 515, 516, 517, 518, 519, 520, 521, 571, 572}) {
                assertThat(g.get(dom.sidWithRid(rid))).as("group %d", rid).isPresent();
            }
            Sid admin = dom.sidWithRid(ADMINISTRATOR);
            assertThat(g.members(dom.sidWithRid(DOMAIN_ADMINS))).contains(admin);
            assertThat(g.members(dom.sidWithRid(SCHEMA_ADMINS))).contains(admin);
            assertThat(g.members(dom.sidWithRid(ENTERPRISE_ADMINS))).contains(admin);
            assertThat(g.members(dom.sidWithRid(GROUP_POLICY_CREATOR_OWNERS))).contains(admin);
            assertThat(g.members(dom.sidWithRid(DOMAIN_USERS))).contains(admin, dom.sidWithRid(KRBTGT));
            assertThat(g.members(dom.sidWithRid(DOMAIN_GUESTS))).contains(dom.sidWithRid(GUEST));
            assertThat(g.members(dom.sidWithRid(DENIED_RODC_PASSWORD_REPLICATION))).containsExactlyInAnyOrder(
                    dom.sidWithRid(512), dom.sidWithRid(516), dom.sidWithRid(517), dom.sidWithRid(518),
                    dom.sidWithRid(519), dom.sidWithRid(520), dom.sidWithRid(521), dom.sidWithRid(KRBTGT));
            assertThat(g.members(BUILTIN_ADMINISTRATORS)).containsExactlyInAnyOrder(dom.sidWithRid(512), dom.sidWithRid(519),
                    admin);
            for (Sid b : new Sid[] {BUILTIN_ACCOUNT_OPERATORS, BUILTIN_SERVER_OPERATORS, BUILTIN_BACKUP_OPERATORS}) {
                assertThat(g.get(b).orElseThrow().scope()).isEqualTo(GroupScope.DOMAIN_LOCAL);
            }
            assertThat(g.find("administrators").orElseThrow().sid()).isEqualTo(BUILTIN_ADMINISTRATORS);
        }
    }

    @Test
    void childDomainHasNoSchemaOrEnterpriseAdminsButNamesTheRootOnes() {
        Sid root = TestDirectories.CONTOSO_SID;
        DomainSpec spec = DomainSpec.child("emea.contoso.test", "EMEA", "CONTOSO.TEST", root);
        try (Directory d = Directory.create(dir, spec, "Adm1n!Passw0rd".toCharArray())) {
            Domain dom = d.domain();
            assertThat(dom.parentRealm()).contains("CONTOSO.TEST");
            assertThat(d.groups().get(dom.sidWithRid(SCHEMA_ADMINS))).isEmpty();
            assertThat(d.groups().get(dom.sidWithRid(ENTERPRISE_ADMINS))).isEmpty();
            assertThat(d.groups().members(dom.sidWithRid(DENIED_RODC_PASSWORD_REPLICATION)))
                    .contains(root.withRid(518), root.withRid(519));
            assertThat(d.groups().members(BUILTIN_ADMINISTRATORS)).contains(root.withRid(519));
        }
    }

    @Test
    void administratorTokenAndPacGroups() {
        try (Directory d = TestDirectories.empty(dir, new MutableClock(TestDirectories.START))) {
            Domain dom = d.domain();
            Account admin = d.users().get(dom.sidWithRid(ADMINISTRATOR)).orElseThrow();
            GroupSids g = d.principalStore().groupSids(admin);
            assertThat(g.domainGroupRids()).startsWith(513L).contains(512L, 518L, 519L, 520L);
            assertThat(g.domainLocalGroupRids()).contains(572L);
            assertThat(g.extraSids()).isEmpty();
            assertThat(d.memberships().tokenSids(admin.sid())).contains(BUILTIN_ADMINISTRATORS,
                    dom.sidWithRid(DENIED_RODC_PASSWORD_REPLICATION), admin.sid());
        }
    }
}
