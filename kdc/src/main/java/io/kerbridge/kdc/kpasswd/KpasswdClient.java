// RFC 3244 §2 (the change-password request: AP-REQ for kadmin/changepw with a subkey and sequence number, then
// KRB-PRIV of the new password under the subkey), RFC 4120 §5.5.1 (AP-REQ), §5.7.1 (KRB-PRIV), §7.2.1/§7.2.2
// (UDP, then TCP with a 4-byte length), krb5.conf(5) kpasswd_server / admin_server.
package io.kerbridge.kdc.kpasswd;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.client.KdcAddress;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncKrbPrivPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.msg.KrbPriv;
import io.kerbridge.kerberos.msg.PrivCodec;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.KeyUsage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client side of kpasswd (what MIT {@code kpasswd} does): with an initial ticket for {@code kadmin/changepw}
 * (from an AS exchange with the old password — a KDC issues one even when the password has expired), it sends the
 * new password in a KRB-PRIV and reads the result code and text. Server address: {@code kpasswd_server}, else
 * {@code admin_server} at port 464, else each KDC's host at port 464.
 */
public final class KpasswdClient {
    public static final int PORT = 464;

    /** The server's answer: the RFC 3244 result code and its text (a policy refusal says why). */
    public record Result(KpasswdResult code, String text) {
        public boolean ok() {
            return code == KpasswdResult.SUCCESS;
        }
    }

    private final KrbConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final int timeoutMillis;

    public KpasswdClient(KrbConfig config, Clock clock, SecureRandom random, int timeoutMillis) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.timeoutMillis = timeoutMillis;
    }

    /** Changes the password of the ticket's client to {@code newPassword}. */
    public Result change(KdcReply changepw, String realm, char[] newPassword) throws IOException {
        EncryptionKey session = changepw.sessionKey();
        Enctype et = Enctypes.find(session.type()).orElseThrow(() -> new IOException("unsupported session key type"));
        EncryptionKey subkey = et.generateKey(random);
        int seq = random.nextInt() & 0x3FFFFFFF;
        Authenticator auth = new Authenticator(changepw.clientRealm(), changepw.client(), Optional.empty(),
                random.nextInt(1_000_000), clock.instant().truncatedTo(ChronoUnit.SECONDS), Optional.of(subkey),
                Optional.of(seq), Optional.empty());
        ApReq apReq = new ApReq(0, changepw.ticket(), new EncryptedData(session.type(), Optional.empty(),
                et.encrypt(session, KeyUsage.AP_REQ_AUTH, KrbCodec.encodeAuthenticator(auth), random)));
        Bytes pw = Bytes.wrap(new String(newPassword).getBytes(StandardCharsets.UTF_8));
        EncKrbPrivPart part = new EncKrbPrivPart(pw, Optional.empty(), Optional.empty(), Optional.of(seq),
                Optional.of(new HostAddress(AddressType.IPV4, Bytes.fromHex("7f000001"))), Optional.empty());
        Bytes priv = PrivCodec.encodeKrbPriv(new KrbPriv(new EncryptedData(subkey.type(), Optional.empty(),
                et.encrypt(subkey, KeyUsage.KRB_PRIV_ENC_PART, PrivCodec.encodeEncKrbPrivPart(part), random))));
        Bytes request = new KpasswdFrame(KpasswdFrame.VERSION_CHANGE, KrbCodec.encodeApReq(apReq), priv).encode();
        return read(send(realm, request), subkey);
    }

    private Result read(Bytes reply, EncryptionKey subkey) throws IOException {
        try {
            if (reply.length() > 0 && (reply.get(0) & 0xFF) == 0x7e) { // a bare KRB-ERROR
                return result(KrbCodec.decodeKrbError(reply));
            }
            KpasswdFrame f = switch (KpasswdFrame.parse(reply, false)) {
                case KpasswdFrame.Ok ok -> ok.frame();
                case KpasswdFrame.Bad bad -> throw new IOException("the kpasswd server sent a malformed reply (" + bad.defect() + ")");
            };
            if (f.apMessage().isEmpty()) {
                return result(KrbCodec.decodeKrbError(f.body()));
            }
            KrbPriv p = PrivCodec.decodeKrbPriv(f.body());
            EncKrbPrivPart pp = PrivCodec.decodeEncKrbPrivPart(Enctypes.find(subkey.type()).orElseThrow()
                    .decrypt(subkey, KeyUsage.KRB_PRIV_ENC_PART, p.encPart().cipher()));
            return result(pp.userData());
        } catch (DerException | IntegrityException e) {
            throw new IOException("the kpasswd server's reply cannot be read: " + e.getMessage(), e);
        }
    }

    private static Result result(KrbError e) throws IOException {
        if (e.edata().isEmpty()) {
            throw new IOException("the kpasswd server refused the request: " + e.errorCode()
                    + e.etext().map(t -> " (" + t + ")").orElse(""));
        }
        return result(e.edata().get());
    }

    private static Result result(Bytes data) throws IOException {
        if (data.length() < 2) {
            throw new IOException("the kpasswd server's result is too short");
        }
        int c = ((data.get(0) & 0xFF) << 8) | (data.get(1) & 0xFF);
        KpasswdResult r = KpasswdResult.of(c).orElseThrow(() -> new IOException("unknown kpasswd result code " + c));
        return new Result(r, new String(data.slice(2, data.length()).toByteArray(), StandardCharsets.UTF_8).strip());
    }

    /** UDP to each server in turn; TCP when UDP gets no answer. */
    private Bytes send(String realm, Bytes request) throws IOException {
        List<InetSocketAddress> servers = servers(realm);
        IOException last = new IOException("no kpasswd server for realm " + realm + " in krb5.conf");
        for (InetSocketAddress s : servers) {
            try {
                return udp(s, request);
            } catch (IOException e) {
                last = e;
            }
            try {
                return tcp(s, request);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("cannot reach a kpasswd server of " + realm + ": " + last.getMessage(), last);
    }

    private List<InetSocketAddress> servers(String realm) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (String v : config.realmValues(realm, "kpasswd_server")) {
                KdcAddress a = KdcAddress.parse(v, PORT);
                out.add(new InetSocketAddress(a.host(), a.port()));
            }
            for (String v : config.realmValues(realm, "admin_server")) {
                KdcAddress a = KdcAddress.parse(v, PORT);
                out.add(new InetSocketAddress(a.host(), PORT));
            }
            for (KdcAddress k : config.kdcs(realm)) {
                if (k.host() != null) {
                    out.add(new InetSocketAddress(k.host(), PORT));
                }
            }
        } catch (KrbConfig.ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
    }

    private Bytes udp(InetSocketAddress to, Bytes request) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeoutMillis);
            byte[] out = request.toByteArray();
            s.send(new DatagramPacket(out, out.length, to));
            byte[] buf = new byte[KpasswdFrame.MAX_MESSAGE];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            s.receive(in);
            return Bytes.of(buf, 0, in.getLength());
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from " + to + " over UDP");
        }
    }

    private Bytes tcp(InetSocketAddress to, Bytes request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(to, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(request.length());
            out.write(request.toByteArray());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int len = in.readInt();
            if (len < 0 || len > KpasswdFrame.MAX_MESSAGE) {
                throw new IOException("kpasswd reply of " + len + " bytes");
            }
            return Bytes.wrap(in.readNBytes(len));
        }
    }
}
