package io.kerbridge.kdc.kpasswd;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Optional;

/**
 * The user-data of an RFC 3244 §2 set-password request (version 0xff80):
 *
 * <pre>
 * ChangePasswdData ::= SEQUENCE {
 *     newpasswd  [0] OCTET STRING,
 *     targname   [1] PrincipalName OPTIONAL,
 *     targrealm  [2] Realm OPTIONAL
 * }
 * </pre>
 *
 * Without targname the request changes the caller's own password. Fields after targrealm are
 * skipped on decoding, as RFC 3244 §2 asks for forward compatibility. {@link #toString()} never
 * shows the password.
 */
public record ChangePasswdData(Bytes newPassword, Optional<PrincipalName> targetName, Optional<String> targetRealm) {
    public ChangePasswdData {
        java.util.Objects.requireNonNull(newPassword, "newPassword");
        java.util.Objects.requireNonNull(targetName, "targetName");
        java.util.Objects.requireNonNull(targetRealm, "targetRealm");
    }

    public static ChangePasswdData decode(Bytes der) throws DerException {
        DerReader r = DerReader.of(der);
        DerReader s = r.sequence();
        DerReader f0 = s.explicit(0);
        Bytes pw = f0.readOctetString();
        f0.expectEnd();
        Optional<PrincipalName> name = Optional.empty();
        if (s.isNext(1)) {
            DerReader f1 = s.explicit(1);
            name = Optional.of(KrbCodec.decodePrincipalName(f1.readAny()));
            f1.expectEnd();
        }
        Optional<String> realm = Optional.empty();
        if (s.isNext(2)) {
            DerReader f2 = s.explicit(2);
            realm = Optional.of(f2.readKerberosString());
            f2.expectEnd();
        }
        // RFC 3244 §2: "the server should be prepared to ignore fields after targrealm".
        while (s.hasMore()) {
            int at = s.position();
            int tag = s.peekTag();
            if ((tag & 0xE0) != 0xA0) {
                throw new DerException(DerException.Reason.WRONG_TAG, at, "not a context-tagged extension field");
            }
            s.readAny();
        }
        r.expectEnd();
        return new ChangePasswdData(pw, name, realm);
    }

    public Bytes encode() {
        DerWriter w = new DerWriter();
        int m = w.begin(Der.SEQUENCE);
        int f0 = w.begin(Der.context(0));
        w.octetString(newPassword);
        w.end(f0);
        targetName.ifPresent(n -> {
            int f1 = w.begin(Der.context(1));
            w.raw(KrbCodec.encodePrincipalName(n));
            w.end(f1);
        });
        targetRealm.ifPresent(realm -> {
            int f2 = w.begin(Der.context(2));
            w.generalString(realm);
            w.end(f2);
        });
        w.end(m);
        return w.toBytes();
    }

    @Override
    public String toString() {
        return "ChangePasswdData[targname=" + targetName.map(PrincipalName::toString).orElse("-") + ", targrealm="
                + targetRealm.orElse("-") + "]";
    }
}
