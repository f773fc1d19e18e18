// MS-PAC 2.5 UserAccountControl is the MS-SAMR 2.2.1.12 USER_ACCOUNT form, not the MS-ADTS 2.2.16
// userAccountControl attribute form; the mapping is MS-SAMR 3.1.5.14.2 ("userAccountControl mapping").
package io.kerbridge.kdc.pac;

import io.kerbridge.directory.Uac;

/** Maps AD userAccountControl bits to the SAMR USER_* bits carried in KERB_VALIDATION_INFO. */
public final class SamrUac {
    private SamrUac() {}

    private static final int[][] MAP = {
        {Uac.ACCOUNTDISABLE, 0x00000001},
        {Uac.PASSWD_NOTREQD, 0x00000004},
        {Uac.NORMAL_ACCOUNT, 0x00000010},
        {Uac.INTERDOMAIN_TRUST_ACCOUNT, 0x00000040},
        {Uac.WORKSTATION_TRUST_ACCOUNT, 0x00000080},
        {Uac.SERVER_TRUST_ACCOUNT, 0x00000100},
        {Uac.DONT_EXPIRE_PASSWORD, 0x00000200},
        {Uac.LOCKOUT, 0x00000400},
        {Uac.SMARTCARD_REQUIRED, 0x00001000},
        {Uac.TRUSTED_FOR_DELEGATION, 0x00002000},
        {Uac.NOT_DELEGATED, 0x00004000},
        {Uac.USE_DES_KEY_ONLY, 0x00008000},
        {Uac.DONT_REQ_PREAUTH, 0x00010000},
        {Uac.PASSWORD_EXPIRED, 0x00020000},
        {Uac.TRUSTED_TO_AUTH_FOR_DELEGATION, 0x00040000},
        {Uac.PARTIAL_SECRETS_ACCOUNT, 0x00100000},
    };

    public static int fromAd(int adUac) {
        int out = 0;
        for (int[] m : MAP) {
            if ((adUac & m[0]) != 0) {
                out |= m[1];
            }
        }
        return out;
    }
}
