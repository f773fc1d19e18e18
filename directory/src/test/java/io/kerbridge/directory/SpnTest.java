package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpnTest {
    @TempDir
    Path dir;

    @Test
    void duplicateSpnsAreRefusedCaseInsensitively() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            SpnAdmin spns = lab.directory().spns();
            assertThatThrownBy(() -> spns.add(lab.bob().sid(), "http/FILES.contoso.test"))
                    .isInstanceOf(DirectoryException.class).hasFieldOrPropertyWithValue("reason", Reason.NAME_IN_USE);
            assertThatThrownBy(() -> lab.directory().users().create(NewAccount.computer("WEB")
                    .withSpns("HTTP/files.contoso.test"))).hasFieldOrPropertyWithValue("reason", Reason.NAME_IN_USE);
            assertThat(lab.directory().users().find("WEB$")).isEmpty();
            spns.add(lab.files().sid(), "HTTP/files.contoso.test"); // idempotent for the owner
            assertThat(spns.owner("HTTP/FILES.CONTOSO.TEST")).contains(lab.files().sid());
        }
    }

    @Test
    void addListRemove() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            SpnAdmin spns = lab.directory().spns();
            spns.add(lab.bob().sid(), "MSSQLSvc/db.contoso.test:1433");
            assertThat(spns.list(lab.bob().sid())).containsExactly("MSSQLSvc/db.contoso.test:1433");
            assertThat(lab.directory().principalStore().lookup(
                    io.kerbridge.kerberos.types.PrincipalName.parse("mssqlsvc/db.contoso.test:1433"), "CONTOSO.TEST",
                    LookupPurpose.SERVER)).map(e -> e.account().samAccountName()).contains("bob");
            spns.remove(lab.bob().sid(), "MSSQLSvc/db.contoso.test:1433");
            assertThat(spns.list(lab.bob().sid())).isEmpty();
            assertThat(spns.owner("MSSQLSvc/db.contoso.test:1433")).isEmpty();
            spns.add(lab.alice().sid(), "MSSQLSvc/db.contoso.test:1433");
            assertThat(spns.owner("MSSQLSvc/db.contoso.test:1433")).contains(lab.alice().sid());
        }
    }

    @Test
    void malformedSpnsAreRefused() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            for (String bad : new String[] {"nohost", "/x", "HTTP/", "krbtgt/CONTOSO.TEST", "a b/c", "HTTP/x@Y"}) {
                assertThatThrownBy(() -> lab.directory().spns().add(lab.bob().sid(), bad)).as(bad)
                        .hasFieldOrPropertyWithValue("reason", Reason.INVALID);
            }
        }
    }

    @Test
    void namesAreUniqueAcrossUsersAndUpns() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThatThrownBy(() -> lab.directory().users().create(NewAccount.user("ALICE", "Xy7!abcdefg".toCharArray())))
                    .hasFieldOrPropertyWithValue("reason", Reason.NAME_IN_USE);
            assertThatThrownBy(() -> lab.directory().users().create(NewAccount.user("alice2", "Xy7!abcdefg".toCharArray())
                    .withUpn("ALICE@contoso.test"))).hasFieldOrPropertyWithValue("reason", Reason.NAME_IN_USE);
            assertThatThrownBy(() -> lab.directory().users().update(lab.bob().sid(),
                    AccountUpdate.none().upn("alice@contoso.test"))).hasFieldOrPropertyWithValue("reason",
                    Reason.NAME_IN_USE);
            // nor may an explicit UPN shadow another account's implicit sam@dnsname
            assertThatThrownBy(() -> lab.directory().users().update(lab.alice().sid(),
                    AccountUpdate.none().upn("bob@contoso.test"))).hasFieldOrPropertyWithValue("reason",
                    Reason.NAME_IN_USE);
            lab.directory().users().update(lab.bob().sid(), AccountUpdate.none().upn("bob@CONTOSO.TEST"));
            assertThatThrownBy(() -> lab.directory().users().create(NewAccount.user("carol",
                    "Xy7!abcdefg".toCharArray()).withUpn("not-a-upn"))).hasFieldOrPropertyWithValue("reason",
                    Reason.INVALID);
        }
    }
}
