package io.kerbridge.directory;

import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;

/**
 * What creating or rotating a Kerberos server object returns, once: the object and the new key
 * version of {@code krbtgt_<id>} (its kvno is {@link KerberosServer#kvno()} as a signed int). The
 * caller publishes the AES-256 key to the cloud and must not log it.
 */
public record KerberosServerKey(KerberosServer server, KeyVersion keys) {
    /** The key the cloud encrypts partial TGTs with (Entra Kerberos is AES-256 only, notes §2.3). */
    public EncryptionKey aes256() {
        return keys.key(EncType.AES256_CTS_HMAC_SHA1_96)
                .orElseThrow(() -> new IllegalStateException("no AES-256 key in " + keys.kvno()));
    }

    @Override
    public String toString() {
        return "KerberosServerKey[id=" + server.id() + ", kvno=" + server.kvno() + ", keys=<redacted>]";
    }
}
