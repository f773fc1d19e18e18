package io.kerbridge.kerberos.pac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Model round trips for the typed buffers, including the fields the Samba vectors leave empty. */
class PacBuffersTest {
    static final Sid DOMAIN = Sid.parse("S-1-5-21-1-2-3");

    @Test
    void validationInfoWithEveryOptionalPartRoundTrips() throws PacException {
        KerbValidationInfo info = KerbValidationInfo.builder()
                .logonTime(FileTime.of(Instant.parse("2026-11-25T09:00:00.1234567Z")))
                .passwordLastSet(new FileTime(0x01DB_0000_0000_0000L))
                .effectiveName("zoë")
                .fullName("Zoë \uD83D\uDE00 Example")
                .logonScript("logon.cmd")
                .profilePath("\\\\srv\\profiles\\zoe")
                .homeDirectory("\\\\srv\\home\\zoe")
                .homeDirectoryDrive("H:")
                .logonCount(42)
                .badPasswordCount(1)
                .userId(0x8000_0001)
                .primaryGroupId(513)
                .groupIds(List.of(GroupMembership.of(513), new GroupMembership(1104, 0x20000007)))
                .userSessionKey(Bytes.fromHex("00112233445566778899aabbccddeeff"))
                .logonServer("DC1")
                .logonDomainName("EXAMPLE")
                .logonDomainId(DOMAIN)
                .userAccountControl(0x210)
                .failedILogonCount(3)
                .extraSids(List.of(SidAndAttributes.of(Sid.parse("S-1-18-1")),
                        new SidAndAttributes(Sid.parse("S-1-5-21-9-9-9-1000"), 0x20000007)))
                .resourceGroups(Optional.of(Sid.parse("S-1-5-21-7-7-7")), List.of(GroupMembership.of(2000)))
                .build();
        assertThat(info.userFlags()).isEqualTo(KerbValidationInfo.USER_FLAG_EXTRA_SIDS
                | KerbValidationInfo.USER_FLAG_RESOURCE_GROUPS);
        Bytes wire = info.encode();
        assertThat(wire.slice(0, 8).hex()).isEqualTo("01100800cccccccc");
        assertThat(wire.length() % 8).isZero();
        KerbValidationInfo back = KerbValidationInfo.decode(wire);
        assertThat(back).isEqualTo(info);
        assertThat(back.encode()).isEqualTo(wire);
        assertThat(back.userSid()).contains(DOMAIN.withRid(0x8000_0001L));
        assertThat(back.logonTime().toInstant()).isEqualTo(Instant.parse("2026-11-25T09:00:00.1234567Z"));
        assertThat(back.toBuilder().build()).isEqualTo(info);
    }

    @Test
    void nullAndOversizedStringsKeepTheirWireForm() throws PacException {
        KerbValidationInfo info = KerbValidationInfo.builder().logonDomainId(DOMAIN).build().toBuilder().build();
        KerbValidationInfo withNulls = new KerbValidationInfo(info.logonTime(), info.logoffTime(),
                info.kickOffTime(), info.passwordLastSet(), info.passwordCanChange(), info.passwordMustChange(),
                new RpcUnicodeString("bob", 20, true), RpcUnicodeString.NULL, new RpcUnicodeString("", 8, false),
                info.profilePath(), info.homeDirectory(), info.homeDirectoryDrive(), 0, 0, 1000, 513, List.of(), 0,
                info.userSessionKey(), info.logonServer(), info.logonDomainName(), Optional.empty(), info.reserved1(),
                0, 0, FileTime.UNSET, FileTime.UNSET, 0, 0, List.of(), Optional.empty(), List.of());
        KerbValidationInfo back = KerbValidationInfo.decode(withNulls.encode());
        assertThat(back).isEqualTo(withNulls);
        assertThat(back.fullName().present()).isFalse();
        assertThat(back.effectiveName().maximumLength()).isEqualTo(20);
    }

    @Test
    void unicodeStringInvariants() {
        assertThatThrownBy(() -> new RpcUnicodeString("abc", 4, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RpcUnicodeString("a", 3, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RpcUnicodeString("a", 2, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpcUnicodeString.of("x".repeat(40000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void upnDnsInfoWithAndWithoutSamNameAndSid() throws PacException {
        UpnDnsInfo plain = new UpnDnsInfo("a@example.com", "EXAMPLE.COM", UpnDnsInfo.FLAG_UPN_CONSTRUCTED,
                Optional.empty(), Optional.empty());
        Bytes wire = plain.encode();
        assertThat(wire.slice(0, 12).hex()).isEqualTo("1a0010001600300001000000");
        assertThat(UpnDnsInfo.decode(wire)).isEqualTo(plain);

        UpnDnsInfo full = UpnDnsInfo.of("b@example.com", "EXAMPLE.COM", false, "b", DOMAIN.withRid(1105));
        assertThat(UpnDnsInfo.decode(full.encode())).isEqualTo(full);
        assertThat(full.encode().length() % 8).isZero();
        assertThatThrownBy(() -> new UpnDnsInfo("u", "d", 2, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientAttributesRequestorAndSignatureRoundTrip() throws PacException {
        PacClientInfo client = new PacClientInfo(FileTime.of(Instant.parse("2026-11-25T09:00:00Z")), "alice");
        assertThat(PacClientInfo.decode(client.encode())).isEqualTo(client);
        assertThat(client.encode().length()).isEqualTo(8 + 2 + 10);

        PacAttributesInfo attrs = PacAttributesInfo.of(PacAttributesInfo.PAC_WAS_REQUESTED);
        assertThat(attrs.encode().hex()).isEqualTo("0200000001000000");
        assertThat(PacAttributesInfo.decode(attrs.encode())).isEqualTo(attrs);
        PacAttributesInfo wide = new PacAttributesInfo(33, List.of(1, 1));
        assertThat(PacAttributesInfo.decode(wide.encode())).isEqualTo(wide);
        PacAttributesInfo none = new PacAttributesInfo(0, List.of());
        assertThat(PacAttributesInfo.decode(none.encode()).pacWasRequested()).isFalse();

        PacRequestor req = new PacRequestor(DOMAIN.withRid(1105));
        assertThat(PacRequestor.decode(req.encode())).isEqualTo(req);

        PacSignatureData rodc = new PacSignatureData(ChecksumType.HMAC_SHA1_96_AES256,
                Bytes.fromHex("0102030405060708090a0b0c"), OptionalInt.of(40000));
        assertThat(rodc.encode().hex()).isEqualTo("10000000" + "0102030405060708090a0b0c" + "409c");
        assertThat(PacSignatureData.decode(rodc.encode())).isEqualTo(rodc);
    }

    @Test
    void fileTimeSpecialValues() {
        assertThat(FileTime.NEVER.isNever()).isTrue();
        assertThat(FileTime.of(Instant.EPOCH).value()).isEqualTo(116_444_736_000_000_000L);
        assertThat(FileTime.UNSET).hasToString("FileTime[unset]");
        assertThatThrownBy(FileTime.NEVER::toInstant).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builderPutReplacesInPlaceAndRemoveDrops() throws PacException {
        Pac pac = Pac.builder()
                .add(new PacClientInfo(FileTime.UNSET, "a"))
                .add(PacAttributesInfo.of(1))
                .put(new PacClientInfo(FileTime.UNSET, "b"))
                .build();
        assertThat(pac.buffers()).extracting(PacBuffer::type)
                .containsExactly(PacBufferType.CLIENT_INFO, PacBufferType.ATTRIBUTES_INFO);
        assertThat(pac.clientInfo().orElseThrow().name()).isEqualTo("b");
        assertThat(pac.offsetOf(0)).isEqualTo(8 + 2 * 16);
        assertThat(pac.offsetOf(1)).isEqualTo(40 + 16); // 12-byte client info padded to 16
        assertThat(pac.toBuilder().remove(PacBufferType.CLIENT_INFO).build().buffers()).hasSize(1);
        assertThat(Pac.decode(pac.encode()).buffers()).isEqualTo(pac.buffers());
    }
}
