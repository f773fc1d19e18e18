package io.kerbridge.kerberos.pac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SidTest {
    @ParameterizedTest
    @CsvSource({
        "S-1-5-21-3701063344-2220051179-3323505125-1102, 010500000000000515000000b0be99dceb4a5384e5a918c64e040000",
        "S-1-18-1, 010100000000001201000000",
        "S-1-1-0, 010100000000000100000000",
        "S-1-5-32-544, 01020000000000052000000020020000",
        "S-1-0x123456789ABC-7, 0101123456789abc07000000",
        "S-1-5, 0100000000000005"})
    void stringAndBinaryForms(String text, String hex) throws PacException {
        Sid sid = Sid.parse(text);
        assertThat(sid.toString()).isEqualTo(text);
        assertThat(sid.encode().hex()).isEqualTo(hex);
        assertThat(Sid.decode(Bytes.fromHex(hex))).isEqualTo(sid);
    }

    @Test
    void binaryRoundTrip() throws PacException {
        Sid sid = Sid.parse("S-1-5-21-1-2-4294967295");
        assertThat(Sid.decode(sid.encode())).isEqualTo(sid);
        assertThat(sid.encodedLength()).isEqualTo(sid.encode().length()).isEqualTo(8 + 4 * 4);
        assertThat(sid.rid()).isEqualTo(4294967295L);
        assertThat(Sid.decode(Bytes.fromHex("010000000000000a"))).isEqualTo(new Sid(1, 10, List.of()));
    }

    @Test
    void withRidAndDomain() {
        Sid domain = Sid.parse("S-1-5-21-3701063344-2220051179-3323505125");
        Sid user = domain.withRid(1102);
        assertThat(user).hasToString("S-1-5-21-3701063344-2220051179-3323505125-1102");
        assertThat(user.rid()).isEqualTo(1102);
        assertThat(user.domain()).isEqualTo(domain);
        assertThatThrownBy(() -> new Sid(1, 5, List.of()).rid()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "S", "S-1", "X-1-5", "S-1-5-", "S-1-5-x", "S-1-5-4294967296", "S-1-5--1",
        "S-1-281474976710656", "S-256-5", "S-1-5-+7", "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16"})
    void invalidStrings(String s) {
        assertThatThrownBy(() -> Sid.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
