package io.kerbridge.cloud.prt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The token endpoint's form parsing (protocol-notes §3.2a: parsed as a form whatever the Content-Type). */
class FormBodyTest {
    static FormBody parse(String s) throws OAuthException {
        return FormBody.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roadtoolsBody() throws Exception {
        FormBody f = parse("windows_api_version=2.2&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
                + "&request=a.b.c&client_info=1&tgt=True");
        assertThat(f.require("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(f.get("tgt")).contains("True");
        assertThat(f.get("absent")).isEmpty();
    }

    @Test
    void plusIsSpaceAndEmptyPairsAreSkipped() throws Exception {
        FormBody f = parse("&scope=openid+aza%20ugs&&flag&");
        assertThat(f.require("scope")).isEqualTo("openid aza ugs");
        assertThat(f.get("flag")).contains("");
    }

    static String code(String body) {
        try {
            parse(body);
            return "parsed";
        } catch (OAuthException e) {
            return e.code();
        }
    }

    @Test
    void refusals() {
        assertThat(code("a=1&a=2")).isEqualTo("malformed_request"); // a repeated parameter is ambiguous
        assertThat(code("a=%zz")).isEqualTo("malformed_request");
        assertThat(code("x=1" + manyParams())).isEqualTo("malformed_request");
        assertThatThrownBy(() -> FormBody.parse(new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28}))
                .extracting(e -> ((OAuthException) e).code()).isEqualTo("malformed_request");
    }

    @Test
    void requireRefusesMissingAndEmpty() throws Exception {
        FormBody f = parse("grant_type=");
        assertThatThrownBy(() -> f.require("grant_type")).extracting(e -> ((OAuthException) e).code())
                .isEqualTo("missing_parameter");
        assertThatThrownBy(() -> f.require("request")).hasMessageContaining("'request'");
    }

    static String manyParams() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < FormBody.MAX_PARAMETERS + 1; i++) {
            b.append("&p").append(i).append("=v");
        }
        return b.toString();
    }
}
