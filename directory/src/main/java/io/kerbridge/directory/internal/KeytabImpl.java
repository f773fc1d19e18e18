package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.KeytabExport;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.ArrayList;
import java.util.List;

public final class KeytabImpl implements KeytabExport {
    /** msDS-SupportedEncryptionTypes RC4-HMAC bit (MS-KILE 2.2.7). */
    static final int RC4_BIT = 0x4;

    private final Core core;

    public KeytabImpl(Core core) {
        this.core = core;
    }

    @Override
    public Keytab export(Sid sid) {
        PrincipalEntry e = core.require(sid).main();
        Account a = e.account();
        List<PrincipalName> names = new ArrayList<>();
        names.add(PrincipalName.user(a.samAccountName()));
        for (String spn : a.servicePrincipalNames()) {
            names.add(PrincipalName.parse(spn));
        }
        boolean rc4 = (a.supportedEncryptionTypes() & RC4_BIT) != 0;
        List<KeytabEntry> entries = new ArrayList<>();
        for (PrincipalName n : names) {
            for (KeyVersion kv : e.keyVersions()) {
                for (EncryptionKey k : kv.keys()) {
                    if (rc4 || !k.type().equals(EncType.RC4_HMAC)) {
                        entries.add(new KeytabEntry(n, e.domain().realm(), kv.setAt().truncatedTo(
                                java.time.temporal.ChronoUnit.SECONDS), kv.kvno(), k));
                    }
                }
            }
        }
        return new Keytab(entries);
    }
}
