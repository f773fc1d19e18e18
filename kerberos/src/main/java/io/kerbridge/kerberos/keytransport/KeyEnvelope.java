package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.keytransport.KeyTransportException.Reason;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-shot, ECIES-style encryption of a Kerberos domain key ({@code krbtgt_<n>}) to the tenant's
 * published P-256 transport key (protocol-notes §1.3, §7.2 "encrypted key transfer"). It is sent
 * inside TLS, so TLS protects the channel and this protects the key end to end: only the holder of
 * the tenant private key can open it, and only for the context it was sealed for.
 *
 * <h2>Envelope format, version 1</h2>
 * A JSON-free byte string (the HTTP layer may carry it as base64url). All integers big-endian.
 * <pre>
 *  size   field
 *   4     magic "KBKT" (4b 42 4b 54)
 *   1     version = 0x01: ECDH P-256, HKDF-SHA256, AES-256-GCM (anything else: UNSUPPORTED_VERSION)
 *   1     k = kid length, 1..64
 *   k     kid: the RFC 7638 thumbprint of the tenant transport key, base64url ASCII
 *  16     tenant id (UUID, most significant half first)
 *   2     RODC number, 1..65535
 *   4     key version, unsigned
 *   4     enctype, signed
 *   1     d = domain name length, 1..253
 *   d     domain DNS name, ASCII, lower case (canonical; anything else is MALFORMED)
 *  65     ephemeral public key, SEC 1 uncompressed (04 || X || Y), must be on P-256
 *  12     AES-GCM nonce (random)
 *  L+16   AES-256-GCM ciphertext of the L key octets (L = the enctype's key size) || 16-octet tag
 * </pre>
 * The <em>header</em> is everything before the ciphertext. The context fields travel in clear on
 * purpose: the cloud can route the envelope ({@link #peek}) and say which field did not match; they
 * are not secret, and they are authenticated below.
 *
 * <h2>Key derivation and encryption</h2>
 * <pre>
 *  Z    = ECDH(ephemeral private, tenant public)                  32 octets, X coordinate
 *  salt = ephemeral point (65) || tenant point (65)              binds both public keys
 *  info = "kerbridge kerberos-domain key v1" || 00 || context    context = tenant id .. domain, as in the header
 *  K    = HKDF-SHA256(salt, Z, info, 32)
 *  ct   = AES-256-GCM(K, nonce, aad = header, plaintext = key octets)
 * </pre>
 * The context is bound twice: a different context derives a different K, and the whole header is
 * the GCM associated data, so any changed header byte fails the tag (the tag is checked by the GCM
 * implementation, in constant time).
 *
 * <h2>Opening</h2>
 * {@link #open} checks, in this order, and refuses with a {@link KeyTransportException} whose
 * {@link KeyTransportException.Reason} says why: layout (MALFORMED, TRUNCATED, UNSUPPORTED_VERSION,
 * INVALID_PUBLIC_KEY), kid (WRONG_RECIPIENT), context against the expected one (CONTEXT_MISMATCH,
 * naming the first differing field), then the GCM tag (AUTHENTICATION_FAILED). It never throws an
 * unchecked exception for any input bytes.
 */
public final class KeyEnvelope {
    public static final int VERSION_1 = 1;
    static final byte[] MAGIC = {'K', 'B', 'K', 'T'};
    static final byte[] LABEL = "kerbridge kerberos-domain key v1".getBytes(StandardCharsets.US_ASCII);
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int MAX_KID = 64;
    private static final int AES_KEY_BYTES = 32;

    /** What {@link #peek} can read without the private key. */
    public record Header(int version, String kid, KeyContext context) {}

    private KeyEnvelope() {}

    /**
     * Seals {@code key} for {@code recipient} and {@code ctx}. Draws the ephemeral scalar (32 octets,
     * rejection-sampled) and then the nonce (12 octets) from {@code random}, in that order.
     *
     * @throws IllegalArgumentException if the key's enctype is not {@code ctx.etype()}, the enctype is
     *     not one this build supports, or the key is not the enctype's size (caller bugs)
     */
    public static Bytes seal(TenantTransportKey recipient, KeyContext ctx, EncryptionKey key, SecureRandom random) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(random, "random");
        if (!key.type().equals(ctx.etype())) {
            throw new IllegalArgumentException("key enctype " + key.type() + " is not the context's " + ctx.etype());
        }
        int keyLen = keyLength(ctx.etype()).orElseThrow(
                () -> new IllegalArgumentException("unsupported enctype " + ctx.etype()));
        if (key.length() != keyLen) {
            throw new IllegalArgumentException("key is " + key.length() + " octets, " + ctx.etype() + " needs " + keyLen);
        }
        P256.KeyPair eph = P256.generate(random);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ephPoint = P256.encode(eph.publicKey().getW());
        byte[] header = header(recipient.kid(), ctx, ephPoint, nonce);
        byte[] z;
        try {
            z = P256.agree(eph.privateKey(), recipient.publicKey());
        } catch (KeyTransportException e) {
            throw new IllegalStateException("a validated tenant key was refused by ECDH", e);
        }
        byte[] k = deriveKey(z, ephPoint, recipient.pointUnsafe(), ctx);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(header);
            byte[] ct = c.doFinal(key.unsafeBytes());
            byte[] out = Arrays.copyOf(header, header.length + ct.length);
            System.arraycopy(ct, 0, out, header.length, ct.length);
            return Bytes.wrap(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is required in every JRE", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Opens an envelope with the tenant private key, refusing it unless it was sealed to that key
     * for exactly {@code expected}. See the class comment for the checks and their order.
     */
    public static EncryptionKey open(TenantTransportPrivateKey recipient, KeyContext expected, Bytes envelope)
            throws KeyTransportException {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(expected, "expected");
        Parsed p = parse(envelope.unsafeArray());
        if (!p.header.kid().equals(recipient.kid())) {
            throw new KeyTransportException(Reason.WRONG_RECIPIENT,
                    "sealed to kid " + p.header.kid() + ", not " + recipient.kid());
        }
        String differs = p.header.context().firstDifference(expected);
        if (differs != null) {
            throw new KeyTransportException(Reason.CONTEXT_MISMATCH, differs + " differs from the expected context");
        }
        byte[] z = P256.agree(recipient.privateKey(), p.ephemeral);
        byte[] k = deriveKey(z, p.ephemeralPoint, recipient.publicKey().pointUnsafe(), expected);
        byte[] plain = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_BYTES * 8, p.nonce));
            c.updateAAD(p.raw, 0, p.headerLength);
            plain = c.doFinal(p.raw, p.headerLength, p.raw.length - p.headerLength);
            return new EncryptionKey(expected.etype(), plain);
        } catch (AEADBadTagException e) {
            throw new KeyTransportException(Reason.AUTHENTICATION_FAILED, "AES-GCM tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is required in every JRE", e);
        } finally {
            Arrays.fill(k, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * Reads the header without decrypting: lets the cloud pick the private key by kid and check the
     * context before calling {@link #open}. Nothing read here is authenticated yet.
     */
    public static Header peek(Bytes envelope) throws KeyTransportException {
        return parse(envelope.unsafeArray()).header;
    }

    // ---- layout ---------------------------------------------------------------------------------

    private record Parsed(Header header, byte[] ephemeralPoint, ECPublicKey ephemeral, byte[] nonce,
                          byte[] raw, int headerLength) {}

    private static Parsed parse(byte[] b) throws KeyTransportException {
        Reader r = new Reader(b);
        if (!Arrays.equals(r.take(MAGIC.length), MAGIC)) {
            throw new KeyTransportException(Reason.MALFORMED, "not a Kerbridge key envelope (magic)");
        }
        int version = r.u8();
        if (version != VERSION_1) {
            throw new KeyTransportException(Reason.UNSUPPORTED_VERSION, "envelope version " + version);
        }
        int kidLen = r.u8();
        if (kidLen < 1 || kidLen > MAX_KID) {
            throw new KeyTransportException(Reason.MALFORMED, "kid length " + kidLen);
        }
        String kid = r.ascii(kidLen);
        if (!isBase64Url(kid)) {
            throw new KeyTransportException(Reason.MALFORMED, "kid is not base64url");
        }
        byte[] tenant = r.take(16);
        int rodc = r.u16();
        long keyVersion = r.u32();
        int etype = (int) r.u32();
        int domainLen = r.u8();
        String domain = r.ascii(domainLen);
        KeyContext ctx;
        try {
            ctx = new KeyContext(uuid(tenant), domain, rodc, keyVersion, EncType.of(etype));
        } catch (IllegalArgumentException e) {
            throw new KeyTransportException(Reason.MALFORMED, "context: " + e.getMessage());
        }
        if (!ctx.domainDnsName().equals(domain)) {
            throw new KeyTransportException(Reason.MALFORMED, "domain name is not in canonical (lower-case) form");
        }
        int keyLen = keyLength(ctx.etype()).orElseThrow(
                () -> new KeyTransportException(Reason.MALFORMED, "unsupported enctype " + etype));
        byte[] ephPoint = r.take(P256.POINT_BYTES);
        ECPublicKey eph = P256.decode(ephPoint, 0);
        byte[] nonce = r.take(NONCE_BYTES);
        int headerLength = r.pos;
        int ctLen = b.length - headerLength;
        if (ctLen < keyLen + TAG_BYTES) {
            throw new KeyTransportException(Reason.TRUNCATED, "ciphertext is " + ctLen + " octets, expected " + (keyLen + TAG_BYTES));
        }
        if (ctLen > keyLen + TAG_BYTES) {
            throw new KeyTransportException(Reason.MALFORMED, "data after the ciphertext");
        }
        return new Parsed(new Header(version, kid, ctx), ephPoint, eph, nonce, b, headerLength);
    }

    static byte[] header(String kid, KeyContext ctx, byte[] ephPoint, byte[] nonce) {
        byte[] kidBytes = kid.getBytes(StandardCharsets.US_ASCII);
        if (kidBytes.length < 1 || kidBytes.length > MAX_KID) {
            throw new IllegalArgumentException("kid length");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.writeBytes(MAGIC);
        out.write(VERSION_1);
        out.write(kidBytes.length);
        out.writeBytes(kidBytes);
        out.writeBytes(context(ctx));
        out.writeBytes(ephPoint);
        out.writeBytes(nonce);
        return out.toByteArray();
    }

    /** tenant id (16) || RODC number (2) || key version (4) || enctype (4) || domain length (1) || domain. */
    static byte[] context(KeyContext ctx) {
        byte[] domain = ctx.domainDnsName().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + domain.length);
        writeLong(out, ctx.tenantId().getMostSignificantBits(), 8);
        writeLong(out, ctx.tenantId().getLeastSignificantBits(), 8);
        writeLong(out, ctx.rodcNumber(), 2);
        writeLong(out, ctx.keyVersion(), 4);
        writeLong(out, ctx.etype().value(), 4);
        out.write(domain.length);
        out.writeBytes(domain);
        return out.toByteArray();
    }

    static byte[] deriveKey(byte[] z, byte[] ephPoint, byte[] recipientPoint, KeyContext ctx) {
        byte[] salt = new byte[ephPoint.length + recipientPoint.length];
        System.arraycopy(ephPoint, 0, salt, 0, ephPoint.length);
        System.arraycopy(recipientPoint, 0, salt, ephPoint.length, recipientPoint.length);
        byte[] c = context(ctx);
        byte[] info = new byte[LABEL.length + 1 + c.length];
        System.arraycopy(LABEL, 0, info, 0, LABEL.length);
        System.arraycopy(c, 0, info, LABEL.length + 1, c.length);
        byte[] prk = Hkdf.extract(salt, z);
        try {
            return Hkdf.expand(prk, info, AES_KEY_BYTES);
        } finally {
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(z, (byte) 0);
        }
    }

    private static java.util.Optional<Integer> keyLength(EncType etype) {
        return Enctypes.find(etype).map(Enctype::keyBytes);
    }

    private static void writeLong(ByteArrayOutputStream out, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static UUID uuid(byte[] b) {
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xFF);
            lsb = (lsb << 8) | (b[8 + i] & 0xFF);
        }
        return new UUID(msb, lsb);
    }

    private static boolean isBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Bounds-checked reads; running out of bytes is TRUNCATED, never an unchecked exception. */
    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        byte[] take(int n) throws KeyTransportException {
            if (b.length - pos < n) {
                throw new KeyTransportException(Reason.TRUNCATED, "envelope ends at " + b.length + ", field needs " + (pos + n));
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        int u8() throws KeyTransportException {
            return take(1)[0] & 0xFF;
        }

        int u16() throws KeyTransportException {
            byte[] x = take(2);
            return (x[0] & 0xFF) << 8 | (x[1] & 0xFF);
        }

        long u32() throws KeyTransportException {
            byte[] x = take(4);
            return ((long) (x[0] & 0xFF) << 24) | ((x[1] & 0xFF) << 16) | ((x[2] & 0xFF) << 8) | (x[3] & 0xFF);
        }

        /** Octets 0x20..0x7F only (callers then check their own alphabet); anything else is MALFORMED. */
        String ascii(int n) throws KeyTransportException {
            byte[] x = take(n);
            for (byte c : x) {
                if (c < 0x20) {
                    throw new KeyTransportException(Reason.MALFORMED, "non-printable or non-ASCII octet in a text field");
                }
            }
            return new String(x, StandardCharsets.US_ASCII);
        }
    }
}
