package io.kerbridge.cloud.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPN syntax, the TGS lookup key of a server name, and the default kerberos_top_level_names. */
class SpnAndTopLevelNamesTest {
    @Test
    void spnsAreClassHostPortName() {
        assertThat(Spn.parse("cifs/acct.file.core.windows.net").components())
                .containsExactly("cifs", "acct.file.core.windows.net");
        assertThat(Spn.parse("MSSQLSvc/sql1.database.windows.net:1433").type()).isEqualTo(NameType.NT_SRV_INST);
        assertThat(Spn.parse("ldap/dc1.contoso.test/contoso.test").components()).hasSize(3);
        for (String bad : List.of("", "cifs", "cifs/", "/host", "krbtgt/KERBEROS.MICROSOFTONLINE.COM", "cifs/h@R",
                "cifs/a b", "cifs/h/x/y", "1cifs/h", "cifs/h:", "cifs/-h", "cifs/h\n", "cifs/" + "a".repeat(600))) {
            assertThatThrownBy(() -> Spn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aServerNameIsLookedUpByItsComponentsOnly() {
        assertThat(Spn.of(PrincipalName.of(NameType.NT_SRV_HST, "cifs", "h.windows.net"))).contains("cifs/h.windows.net");
        assertThat(Spn.of(PrincipalName.of(NameType.NT_PRINCIPAL, "cifs/h.windows.net"))).isEmpty(); // one component
        assertThat(Spn.of(PrincipalName.of(NameType.NT_SRV_INST, "cifs/x", "h"))).isEmpty(); // '/' inside a component
        assertThat(Spn.of(PrincipalName.of(NameType.NT_SRV_INST, "cifs", ""))).isEmpty();
    }

    @Test
    void defaultTopLevelNamesCoverEveryRegisteredSpn() {
        assertThat(TopLevelNames.defaults(List.of())).containsExactly(".windows.net");
        assertThat(TopLevelNames.defaults(List.of("cifs/a.file.core.windows.net", "HTTP/Files.Contoso.Cloud",
                "HTTP/web.contoso.cloud", "MSSQLSvc/sql.database.windows.net:1433", "MSSQLSvc/sql.database.windows.net:inst",
                "HTTP/intranet")))
                .containsExactly(".windows.net", ".contoso.cloud", ".database.windows.net:1433", "intranet");
    }

    @Test
    void configuredTopLevelNamesAreValidatedAndLowerCased() {
        assertThat(TopLevelNames.validate(List.of(".Windows.NET", ".windows.net:1433", "host.example")))
                .containsExactly(".windows.net", ".windows.net:1433", "host.example");
        assertThat(TopLevelNames.validate(List.of())).isEmpty();
        for (List<String> bad : List.of(List.of("a,b"), List.of(".x.net:0"), List.of(".x.net:65536"), List.of(".."),
                List.of(".x.net", ".X.net"), List.of(" "), java.util.Collections.nCopies(65, ".x.net"))) {
            assertThatThrownBy(() -> TopLevelNames.validate(bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TopLevelNames.covered(List.of(".windows.net"), "a.windows.net", "")).isTrue();
        assertThat(TopLevelNames.covered(List.of(".windows.net"), "a.windows.net", ":1433")).isFalse();
        assertThat(TopLevelNames.covered(List.of(".windows.net"), "evilwindows.net", "")).isFalse();
    }
}
