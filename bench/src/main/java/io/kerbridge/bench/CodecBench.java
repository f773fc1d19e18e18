package io.kerbridge.bench;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KrbCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DER decode (and decode + re-encode) of real MIT krb5 1.20.1 messages: an AS-REQ with
 * PA-ENC-TIMESTAMP (267 bytes) and a TGS-REP for an HTTP service (1053 bytes).
 * No crypto: the encrypted parts are decoded as opaque EncryptedData.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class CodecBench {
    Bytes asReq;
    Bytes tgsRep;

    @Setup
    public void setup() throws DerException {
        asReq = Captures.load("as-req-enc-timestamp-aes256-sha1.hex");
        tgsRep = Captures.load("tgs-rep-fast-http.hex");
        // The round trips must be byte-exact, or the benchmark measures the wrong thing.
        if (!KrbCodec.encodeKdcReq(KrbCodec.decodeKdcReq(asReq)).equals(asReq)) {
            throw new IllegalStateException("AS-REQ does not round-trip");
        }
        if (!KrbCodec.encodeKdcRep(KrbCodec.decodeKdcRep(tgsRep)).equals(tgsRep)) {
            throw new IllegalStateException("TGS-REP does not round-trip");
        }
    }

    @Benchmark
    public KdcReq asReqDecode() throws DerException {
        return KrbCodec.decodeKdcReq(asReq);
    }

    @Benchmark
    public Bytes asReqDecodeEncode() throws DerException {
        return KrbCodec.encodeKdcReq(KrbCodec.decodeKdcReq(asReq));
    }

    @Benchmark
    public KdcRep tgsRepDecode() throws DerException {
        return KrbCodec.decodeKdcRep(tgsRep);
    }

    @Benchmark
    public Bytes tgsRepDecodeEncode() throws DerException {
        return KrbCodec.encodeKdcRep(KrbCodec.decodeKdcRep(tgsRep));
    }
}
