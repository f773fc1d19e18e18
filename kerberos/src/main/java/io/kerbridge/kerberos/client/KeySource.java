package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.KerberosCryptoException;
import io.kerbridge.kerberos.crypto.Salts;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.List;
import java.util.Optional;

/**
 * Where the client's long-term key comes from in an AS exchange: a password (string-to-key with
 * the salt and s2kparams the KDC announced in ETYPE-INFO2, RFC 4120 §5.2.7.5) or a keytab.
 */
public interface KeySource {
    /** The key for {@code etype}, or empty when this source has none for it. */
    Optional<EncryptionKey> keyFor(EncType etype, Optional<String> salt, Optional<Bytes> s2kParams)
            throws KerberosClientException;

    /** Enctypes this source can produce, in preference order (empty = any supported). */
    List<EncType> etypes();

    static KeySource password(String realm, PrincipalName client, char[] password) {
        char[] pw = password.clone();
        return new KeySource() {
            @Override
            public Optional<EncryptionKey> keyFor(EncType etype, Optional<String> salt, Optional<Bytes> params)
                    throws KerberosClientException {
                var enctype = Enctypes.find(etype);
                if (enctype.isEmpty()) {
                    return Optional.empty();
                }
                Bytes s = salt.map(Bytes::utf8).orElseGet(() -> Salts.defaultSalt(realm, client));
                try {
                    return Optional.of(enctype.get().stringToKey(pw, s, params.orElse(null)));
                } catch (KerberosCryptoException e) {
                    throw new KerberosClientException("cannot derive a key for " + etype.name() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public List<EncType> etypes() {
                return List.of();
            }
        };
    }

    static KeySource keys(List<EncryptionKey> keys) {
        List<EncryptionKey> copy = List.copyOf(keys);
        return new KeySource() {
            @Override
            public Optional<EncryptionKey> keyFor(EncType etype, Optional<String> salt, Optional<Bytes> params) {
                return copy.stream().filter(k -> k.type().equals(etype)).findFirst();
            }

            @Override
            public List<EncType> etypes() {
                return copy.stream().map(EncryptionKey::type).distinct().toList();
            }
        };
    }
}
