package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Loads the Samba AD DC golden vectors from src/test/resources/pac/samba (see testkit/samba-pac). */
final class SambaVectors {
    /** Ticket names: the TGT, a service ticket to an AES service, and one to an RC4-only service. */
    static final String TGT = "tgt";
    static final String SERVICE_AES = "service-aes";
    static final String SERVICE_RC4 = "service-rc4";

    private SambaVectors() {}

    static Bytes hex(String name) {
        return Bytes.fromHex(text(name).trim());
    }

    static Bytes pac(String ticket) {
        return hex(ticket + ".pac.hex");
    }

    static Bytes ticketSigningData(String ticket) {
        return hex(ticket + ".ticket-signing-data.hex");
    }

    static Properties expected() {
        return props("expected.properties");
    }

    /** The exported key of {@code account} for {@code etype}. */
    static EncryptionKey key(String account, EncType etype) {
        String hex = props("keys.properties").getProperty(account + "." + etype.value() + ".key");
        if (hex == null) {
            throw new IllegalArgumentException("no key for " + account + " " + etype);
        }
        return new EncryptionKey(etype, Bytes.fromHex(hex));
    }

    static EncryptionKey krbtgt() {
        return key("krbtgt", EncType.AES256_CTS_HMAC_SHA1_96);
    }

    private static Properties props(String name) {
        Properties p = new Properties();
        try (InputStream in = open(name)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String text(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = SambaVectors.class.getResourceAsStream("/pac/samba/" + name);
        if (in == null) {
            throw new IllegalArgumentException("missing test resource pac/samba/" + name);
        }
        return in;
    }
}
