package io.kerbridge.cloud.prt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** SP 800-108 counter-mode KDF of the PRT session key (protocol-notes §2.2, §3.2a). */
class SessionKeyKdfTest {
    static final HexFormat HEX = HexFormat.of();

    /** NIST CAVP KDFCTR_gen.txt, [PRF=HMAC_SHA256] [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS], COUNT=0. */
    @Test
    void nistCavpCounterModeVector() {
        byte[] ki = HEX.parseHex("dd1d91b7d90b2bd3138533ce92b272fbf8a369316aefe242e659cc0ae238afe0");
        byte[] fixed = HEX.parseHex("01322b96b30acd197979444e468e1c5c6859bf1b1cf951b7e725303e237e46b8"
                + "64a145fab25e517b08f8683d0315bb2911d80a0e8aba17f3b413faac");
        assertThat(HEX.formatHex(SessionKeyKdf.counterHmacSha256(ki, fixed, 128))).isEqualTo("10621342bfb0fd40046c0e29f2cfdbf0");
    }

    /** KDF v1 against the construction written out with a plain HMAC: [1]_32 ‖ label ‖ 00 ‖ ctx ‖ [256]_32. */
    @Test
    void v1IsOneHmacOverCounterLabelContextLength() throws Exception {
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            byte[] sk = new byte[32];
            byte[] ctx = new byte[24];
            r.nextBytes(sk);
            r.nextBytes(ctx);
            assertThat(SessionKeyKdf.v1(sk, ctx)).isEqualTo(plainHmac(sk, 1, ctx, 256));
        }
    }

    /**
     * Fixed vectors computed outside Java (Python's hmac/hashlib, the construction of §2.2 written out): session key
     * 00 01 .. 1f, ctx = 24 × 0xAA; KDF v2 with payload {"grant_type":"refresh_token"}.
     */
    @Test
    void fixedVectorsComputedIndependently() {
        byte[] sk = new byte[32];
        for (int i = 0; i < 32; i++) {
            sk[i] = (byte) i;
        }
        byte[] ctx = new byte[24];
        java.util.Arrays.fill(ctx, (byte) 0xAA);
        assertThat(HEX.formatHex(SessionKeyKdf.v1(sk, ctx)))
                .isEqualTo("6423ac7494778fd90a76526ad5146765ee89163b9112fd752d210f3c7869750a");
        assertThat(HEX.formatHex(SessionKeyKdf.v2(sk, ctx, "{\"grant_type\":\"refresh_token\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("9e2521b2b75ec6c75752b435327ce406a6b96fb15ac06c3d071b73210708950f");
    }

    @Test
    void v2HashesContextAndPayload() throws Exception {
        byte[] sk = new byte[32];
        new SecureRandom().nextBytes(sk);
        byte[] ctx = "0123456789abcdefghijklmn".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = "{\"grant_type\":\"refresh_token\"}".getBytes(StandardCharsets.UTF_8);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(ctx);
        d.update(payload);
        assertThat(SessionKeyKdf.v2(sk, ctx, payload)).isEqualTo(plainHmac(sk, 1, d.digest(), 256));
        assertThat(SessionKeyKdf.v2(sk, ctx, payload)).isNotEqualTo(SessionKeyKdf.v1(sk, ctx));
    }

    @Test
    void longerOutputsConcatenateCounterBlocks() throws Exception {
        byte[] sk = new byte[32];
        byte[] ctx = new byte[8];
        byte[] out = SessionKeyKdf.counterHmacSha256(sk, SessionKeyKdf.LABEL, ctx, 512);
        assertThat(java.util.Arrays.copyOfRange(out, 0, 32)).isEqualTo(plainHmac(sk, 1, ctx, 512));
        assertThat(java.util.Arrays.copyOfRange(out, 32, 64)).isEqualTo(plainHmac(sk, 2, ctx, 512));
    }

    static byte[] plainHmac(byte[] key, int counter, byte[] context, int bits) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] label = "AzureAD-SecureConversation".getBytes(StandardCharsets.US_ASCII);
        byte[] msg = new byte[4 + label.length + 1 + context.length + 4];
        msg[3] = (byte) counter;
        System.arraycopy(label, 0, msg, 4, label.length);
        System.arraycopy(context, 0, msg, 4 + label.length + 1, context.length);
        int l = msg.length - 4;
        msg[l] = (byte) (bits >>> 24);
        msg[l + 1] = (byte) (bits >>> 16);
        msg[l + 2] = (byte) (bits >>> 8);
        msg[l + 3] = (byte) bits;
        return mac.doFinal(msg);
    }
}
