package io.kerbridge.kerberos.types;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenEnumTest {
    @Test
    void knownValuesHaveTheirNamesAndUnknownOnesKeepTheirNumber() {
        assertThat(EncType.of(18)).isEqualTo(EncType.AES256_CTS_HMAC_SHA1_96);
        assertThat(EncType.of(18).name()).isEqualTo("AES256_CTS_HMAC_SHA1_96");
        assertThat(EncType.of(18).isKnown()).isTrue();
        assertThat(EncType.of(4711).isKnown()).isFalse();
        assertThat(EncType.of(4711).name()).isEqualTo("4711");
        assertThat(ErrorCode.of(20).name()).isEqualTo("KDC_ERR_TGT_REVOKED");
        assertThat(PaDataType.of(161)).hasToString("KERB_KEY_LIST_REQ(161)");
        assertThat(ChecksumType.of(-138).name()).isEqualTo("HMAC_MD5");
        assertThat(NameType.of(-128).name()).isEqualTo("NT_MS_PRINCIPAL");
    }

    @Test
    void mitEnctypeNames() {
        assertThat(EncTypeNames.parse("aes256-sha2")).contains(EncType.AES256_CTS_HMAC_SHA384_192);
        assertThat(EncTypeNames.parse("17")).contains(EncType.AES128_CTS_HMAC_SHA1_96);
        assertThat(EncTypeNames.parse("des-cbc-crc")).isEmpty();
        assertThat(EncTypeNames.mitName(EncType.AES128_CTS_HMAC_SHA256_128)).isEqualTo("aes128-cts-hmac-sha256-128");
    }

    @Test
    void flagsUseRfcBitNumbering() {
        TicketFlags f = TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.ENC_PA_REP);
        assertThat(f.bits()).isEqualTo(0x40010000);
        assertThat(f.has(TicketFlags.FORWARDABLE)).isTrue();
        assertThat(f.without(TicketFlags.FORWARDABLE).has(TicketFlags.FORWARDABLE)).isFalse();
        assertThat(KdcOptions.of(KdcOptions.CANONICALIZE).bits()).isEqualTo(0x00010000);
    }

    @Test
    void principalTextForm() {
        PrincipalName p = PrincipalName.parse("HTTP/files.contoso.test");
        assertThat(p.type()).isEqualTo(NameType.NT_SRV_INST);
        assertThat(p.withRealm("CONTOSO.TEST")).isEqualTo("HTTP/files.contoso.test@CONTOSO.TEST");
        assertThat(PrincipalName.parse("a\\/b").components()).containsExactly("a/b");
        assertThat(PrincipalName.of(NameType.NT_ENTERPRISE, "alice@contoso.test")).hasToString("alice\\@contoso.test");
    }
}
