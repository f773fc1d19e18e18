package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.cloud.http.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The sync agent's scope, mapping, state file and progress output, without peers. */
class SyncAgentTest {
    static JsonNode user(String json) {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void scopeLeavesOutComputersAndBuiltInAccounts() {
        String d = "S-1-5-21-1-2-3-";
        assertThat(SyncAgent.inScope(user("{\"name\":\"alice\",\"type\":\"user\",\"sid\":\"" + d + "1104\"}"))).isTrue();
        assertThat(SyncAgent.inScope(user("{\"name\":\"Administrator\",\"type\":\"user\",\"sid\":\"" + d + "500\"}"))).isFalse();
        assertThat(SyncAgent.inScope(user("{\"name\":\"Guest\",\"type\":\"user\",\"sid\":\"" + d + "501\"}"))).isFalse();
        assertThat(SyncAgent.inScope(user("{\"name\":\"krbtgt\",\"type\":\"user\",\"sid\":\"" + d + "502\"}"))).isFalse();
        assertThat(SyncAgent.inScope(user("{\"name\":\"krbtgt_12345\",\"type\":\"user\",\"sid\":\"" + d + "1105\"}"))).isFalse();
        assertThat(SyncAgent.inScope(user("{\"name\":\"WS1$\",\"type\":\"computer\",\"sid\":\"" + d + "1106\"}"))).isFalse();
        assertThat(SyncAgent.inScope(user("{\"name\":\"EMEA$\",\"type\":\"user\",\"sid\":\"" + d + "1107\"}"))).isFalse();
    }

    @Test
    void mappingCarriesIdentityAndPasswordState() {
        Map<String, Object> m = SyncAgent.map(user("{\"name\":\"carol\",\"sid\":\"S-1-5-21-1-2-3-1200\",\"upn\":\"carol@contoso.test\","
                + "\"displayName\":\"\",\"enabled\":false,\"passwordLastSet\":null,\"passwordExpires\":null,\"mustChangePassword\":true}"),
                "contoso.test");
        assertThat(m).containsEntry("userPrincipalName", "carol@contoso.test").containsEntry("displayName", "carol")
                .containsEntry("onPremisesSamAccountName", "carol").containsEntry("onPremisesDomainName", "contoso.test")
                .containsEntry("accountEnabled", false).containsEntry("passwordExpired", true)
                .containsEntry("passwordLastSet", null).containsEntry("passwordExpiresOn", null);
        assertThat(SyncState.hash(m)).isEqualTo(SyncState.hash(new java.util.TreeMap<>(m))); // key order does not matter
    }

    @Test
    void stateFileIsBoundToOneTenant(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("s.json");
        SyncState s = SyncState.load(f, "https://a", "t1");
        s.put("S-1-5-21-1-2-3-1104", Map.of("userPrincipalName", "alice@contoso.test"), false);
        s.save();
        assertThat(SyncState.load(f, "https://a", "t1").users()).containsKey("S-1-5-21-1-2-3-1104");
        assertThatThrownBy(() -> SyncState.load(f, "https://a", "t2")).isInstanceOf(CliError.class).hasMessageContaining("--state");
    }

    @Test
    void progressIsABarOnATerminalAndCountsOtherwise() {
        StringWriter bar = new StringWriter();
        SyncAgent.Progress p = new SyncAgent.Progress(new PrintWriter(bar), true, 4);
        for (int i = 0; i <= 4; i++) {
            p.at(i);
        }
        assertThat(bar.toString()).contains("\r[###############               ] 2/4 users").endsWith("] 4/4 users" + System.lineSeparator());
        StringWriter plain = new StringWriter();
        SyncAgent.Progress q = new SyncAgent.Progress(new PrintWriter(plain), false, 250);
        for (int i = 0; i <= 250; i++) {
            q.at(i);
        }
        assertThat(plain.toString().lines().toList()).containsExactly("sync: 100/250 users processed",
                "sync: 200/250 users processed", "sync: 250/250 users processed");
    }

    @Test
    void tooManyDeletionsAreRefusedBeforeAnythingIsSent(@TempDir Path tmp) throws Exception {
        SyncState s = SyncState.load(tmp.resolve("s.json"), "https://a", "t1");
        s.put("S-1-5-21-1-2-3-1104", Map.of("userPrincipalName", "alice@contoso.test", "accountEnabled", true), false);
        s.put("S-1-5-21-1-2-3-1105", Map.of("userPrincipalName", "bob@contoso.test", "accountEnabled", true), false);
        assertThatThrownBy(() -> SyncAgent.run(java.util.List.of(), "contoso.test", null, s, 1, false, null))
                .isInstanceOf(CliError.class).hasMessageContaining("2 synced users are gone").hasMessageContaining("--max-deletes 2");
    }
}
