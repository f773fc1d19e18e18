// protocol-notes §2.1 (Entra's "KerberosOps" status codes of the sign-in log: 1 SuccessGeneratedRodcTgt,
// 2 SuccessGeneratedCloudTgt, 26 TgtUserOnPremisesSamAccountNameMissing, 27 TgtUserDnsDomainNameMissing,
// 28 TgtRodcKrbtgtNotFound, 112 KerberosDomainPrimaryKeyNull).
package io.kerbridge.cloud.prt;

/** What happened to one TGT of a PRT sign-in; the number goes into the sign-in log. */
public enum KerberosStatus {
    /** Our own value for a cloud TGT that was requested and allowed but not minted (the realm refused the user). */
    CLOUD_TGT_NOT_ISSUED(0, "CloudTgtNotIssued"),
    SUCCESS_GENERATED_RODC_TGT(1, "SuccessGeneratedRodcTgt"),
    SUCCESS_GENERATED_CLOUD_TGT(2, "SuccessGeneratedCloudTgt"),
    SAM_ACCOUNT_NAME_MISSING(26, "TgtUserOnPremisesSamAccountNameMissing"),
    DNS_DOMAIN_NAME_MISSING(27, "TgtUserDnsDomainNameMissing"),
    RODC_KRBTGT_NOT_FOUND(28, "TgtRodcKrbtgtNotFound"),
    PRIMARY_KEY_NULL(112, "KerberosDomainPrimaryKeyNull");

    private final int code;
    private final String entraName;

    KerberosStatus(int code, String entraName) {
        this.code = code;
        this.entraName = entraName;
    }

    public int code() {
        return code;
    }

    public String entraName() {
        return entraName;
    }

    public boolean issued() {
        return this == SUCCESS_GENERATED_RODC_TGT || this == SUCCESS_GENERATED_CLOUD_TGT;
    }
}
