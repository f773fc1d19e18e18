package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeytabKeysTest {
    @TempDir
    Path dir;

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aReExportedKeytabIsPickedUpWithoutARestart() throws IOException {
        SecureRandom r = new SecureRandom();
        EncryptionKey k2 = Enctypes.find(TestTickets.ETYPE).orElseThrow().generateKey(r);
        EncryptionKey k3 = Enctypes.find(TestTickets.ETYPE).orElseThrow().generateKey(r);
        Path kt = dir.resolve("files.keytab");
        Keytab.empty().add(TestTickets.SPN, TestTickets.REALM, 2, k2, Instant.now()).write(kt);
        MovableClock clock = new MovableClock();
        KeytabKeys keys = KeytabKeys.open(kt, TestTickets.SPN, TestTickets.REALM, clock);
        assertThat(keys.key(TestTickets.SPN, TestTickets.REALM, Optional.of(2), TestTickets.ETYPE)).hasValue(k2);
        assertThat(keys.key(TestTickets.SPN, TestTickets.REALM, Optional.of(3), TestTickets.ETYPE)).isEmpty();

        // a password change of the service account, exported again (previous key kept, as the DC does)
        Keytab.empty().add(TestTickets.SPN, TestTickets.REALM, 2, k2, Instant.now())
                .add(TestTickets.SPN, TestTickets.REALM, 3, k3, Instant.now()).write(kt);
        Files.setLastModifiedTime(kt, FileTime.from(Instant.now().plusSeconds(5)));
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(keys.key(TestTickets.SPN, TestTickets.REALM, Optional.of(3), TestTickets.ETYPE)).hasValue(k3);
        assertThat(keys.key(TestTickets.SPN, TestTickets.REALM, Optional.of(2), TestTickets.ETYPE)).hasValue(k2);

        // a broken file keeps the keys in use
        Files.write(kt, new byte[] {5, 2, 0});
        Files.setLastModifiedTime(kt, FileTime.from(Instant.now().plusSeconds(10)));
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(keys.key(TestTickets.SPN, TestTickets.REALM, Optional.of(3), TestTickets.ETYPE)).hasValue(k3);
    }

    @Test
    void aKeytabWithoutTheServicePrincipalIsRefusedAtStart() throws IOException {
        Path kt = dir.resolve("other.keytab");
        Keytab.empty().add(PrincipalName.parse("HTTP/other.contoso.test"), TestTickets.REALM, 1,
                Enctypes.find(TestTickets.ETYPE).orElseThrow().generateKey(new SecureRandom()), Instant.now()).write(kt);
        assertThatThrownBy(() -> KeytabKeys.open(kt, TestTickets.SPN, TestTickets.REALM, Clock.systemUTC()))
                .hasMessageContaining("has no key for HTTP/files.contoso.test@CONTOSO.TEST");
    }
}
