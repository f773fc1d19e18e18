package io.kerbridge.kerberos.msg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;

/**
 * Jazzer targets for every DER decoder. During {@code mvn test} they run in regression mode over
 * the seed inputs in {@code src/test/resources/io/kerbridge/kerberos/msg/KrbCodecFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=KrbCodecFuzzTest} fuzzes for real. A decoder may accept or
 * refuse with {@link DerException}; any other exception is a finding. Accepted input must
 * re-encode and decode again to the same value.
 */
class KrbCodecFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyMessage(byte[] input) {
        try {
            KrbMessage m = KrbCodec.decode(Bytes.wrap(input));
            KrbMessage again = KrbCodec.decode(KrbCodec.encode(m));
            if (!KrbCodec.encode(again).equals(KrbCodec.encode(m))) {
                throw new AssertionError("re-encoding is not stable");
            }
        } catch (DerException expected) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "30s")
    void innerParts(byte[] input) {
        Bytes b = Bytes.wrap(input);
        try {
            KrbCodec.encodeEncTicketPart(KrbCodec.decodeEncTicketPart(b));
        } catch (DerException expected) {
        }
        try {
            KrbCodec.encodeEncKdcRepPart(KrbCodec.decodeEncKdcRepPart(b));
        } catch (DerException expected) {
        }
        try {
            KrbCodec.encodeAuthenticator(KrbCodec.decodeAuthenticator(b));
        } catch (DerException expected) {
        }
        try {
            KrbCodec.encodeEncKrbCredPart(KrbCodec.decodeEncKrbCredPart(b));
        } catch (DerException expected) {
        }
        try {
            KrbCodec.encodeKdcProxyMessage(KrbCodec.decodeKdcProxyMessage(b));
        } catch (DerException expected) {
        }
    }

    @FuzzTest(maxDuration = "30s")
    void padata(byte[] input) {
        Bytes b = Bytes.wrap(input);
        try {
            PaCodec.decodeMethodData(b);
        } catch (DerException expected) {
        }
        try {
            PaCodec.decodeEtypeInfo2(b);
        } catch (DerException expected) {
        }
        try {
            PaCodec.decodePaEncTsEnc(b);
        } catch (DerException expected) {
        }
        try {
            PaCodec.decodeKeyListRep(b);
        } catch (DerException expected) {
        }
        try {
            PaCodec.decodeSupportedEnctypes(b);
        } catch (DerException expected) {
        }
        try {
            PaCodec.findPac(KrbCodec.decodeAuthorizationData(b));
        } catch (DerException expected) {
        }
    }
}
