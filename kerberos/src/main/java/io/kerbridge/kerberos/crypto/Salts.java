package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.PrincipalName;

/** Default salts. */
public final class Salts {
    private Salts() {}

    /**
     * RFC 4120 §4: the realm followed by each component of the principal name, with no separators,
     * UTF-8 encoded. E.g. {@code ATHENA.MIT.EDU} + {@code raeburn} = {@code ATHENA.MIT.EDUraeburn}.
     * (AD uses {@code REALMhostname.fqdn} for computer accounts; that is the caller's business.)
     */
    public static Bytes defaultSalt(String realm, PrincipalName name) {
        StringBuilder b = new StringBuilder(realm);
        for (String c : name.components()) {
            b.append(c);
        }
        return Bytes.utf8(b.toString());
    }
}
