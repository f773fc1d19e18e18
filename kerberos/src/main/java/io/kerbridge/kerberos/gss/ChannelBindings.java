// RFC 4121 §4.1.1.2, RFC 2744 §3.11 (gss_channel_bindings_struct), RFC 5929 (TLS bindings).
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Channel bindings as the acceptor expects them, reduced to the 16-byte MD5 the initiator puts in Bnd.
 * HTTP Negotiate over TLS binds with application data only (e.g. "tls-server-end-point:" + hash, RFC 5929),
 * addresses null, which is what {@link #ofApplicationData} builds.
 */
public record ChannelBindings(Bytes md5) {
    public ChannelBindings {
        if (md5.length() != GssChecksum.BINDINGS_LENGTH) {
            throw new IllegalArgumentException("MD5 of 16 bytes expected");
        }
    }

    /** MD5 over the RFC 4121 §4.1.1.2 encoding: null initiator and acceptor addresses, then the data. */
    public static ChannelBindings ofApplicationData(Bytes applicationData) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(new byte[16]); // initiator addrtype + length, acceptor addrtype + length: all 0
            int n = applicationData.length();
            md.update(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
            md.update(applicationData.unsafeArray());
            return new ChannelBindings(Bytes.wrap(md.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JCA algorithm", e);
        }
    }
}
