package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.pac.Sid;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupNestingTest {
    @TempDir
    Path dir;

    @Test
    void nestedGroupsAreTransitiveAndSplitByScope() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            GroupSids g = lab.directory().principalStore().groupSids(lab.alice());
            assertThat(g.domainGroupRids()).containsExactly(513L, lab.engineering().rid());
            assertThat(g.domainLocalGroupRids()).containsExactly(lab.fileShareUsers().rid());
            assertThat(g.extraSids()).isEmpty();
        }
    }

    @Test
    void cyclesTerminate() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            GroupAdmin groups = lab.directory().groups();
            Group a = groups.create("Cycle A", GroupScope.GLOBAL, "");
            Group b = groups.create("Cycle B", GroupScope.UNIVERSAL, "");
            groups.addMember(a.sid(), b.sid());
            groups.addMember(b.sid(), a.sid());
            groups.addMember(a.sid(), lab.bob().sid());
            GroupSids g = lab.directory().principalStore().groupSids(lab.bob());
            assertThat(g.domainGroupRids()).startsWith(513L).contains(512L, a.rid(), b.rid())
                    .doesNotHaveDuplicates();
            // a group that contains itself
            groups.addMember(a.sid(), a.sid());
            assertThat(lab.directory().principalStore().groupSids(lab.bob()).domainGroupRids()).contains(a.rid());
        }
    }

    @Test
    void foreignSidsCanBeMembersAndGetTheirGroups() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Sid foreign = Sid.parse("S-1-5-21-1-2-3-1105");
            lab.directory().groups().addMember(lab.fileShareUsers().sid(), foreign);
            assertThat(lab.directory().groups().members(lab.fileShareUsers().sid())).contains(foreign,
                    lab.engineering().sid());
            assertThat(lab.directory().memberships().tokenSids(foreign)).contains(lab.fileShareUsers().sid());
        }
    }

    @Test
    void membershipChangesAreSeenAtOnce() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            lab.directory().groups().removeMember(lab.engineering().sid(), lab.alice().sid());
            GroupSids g = lab.directory().principalStore().groupSids(lab.alice());
            assertThat(g.domainGroupRids()).containsExactly(513L);
            assertThat(g.domainLocalGroupRids()).isEmpty();
            assertThat(lab.directory().memberships().directGroups(lab.alice().sid())).extracting(Group::name)
                    .containsExactly("Domain Users");
        }
    }

    @Test
    void computersArePrimaryMembersOfDomainComputers() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThat(lab.files().primaryGroupRid()).isEqualTo(515);
            assertThat(lab.directory().principalStore().groupSids(lab.files()).domainGroupRids())
                    .containsExactly(515L);
        }
    }

    @Test
    void wellKnownGroupsCannotBeDeletedAndNamesAreUnique() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Sid da = lab.directory().domain().sidWithRid(WellKnown.DOMAIN_ADMINS);
            assertThatThrownBy(() -> lab.directory().groups().delete(da)).isInstanceOf(DirectoryException.class);
            assertThatThrownBy(() -> lab.directory().groups().create("engineering", GroupScope.GLOBAL, ""))
                    .hasFieldOrPropertyWithValue("reason", DirectoryException.Reason.NAME_IN_USE);
            lab.directory().groups().delete(lab.engineering().sid());
            assertThat(lab.directory().principalStore().groupSids(lab.alice()).domainGroupRids())
                    .containsExactly(513L);
        }
    }
}
