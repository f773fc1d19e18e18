package io.kerbridge.directory;

/** What kind of security principal an account is. */
public enum AccountType {
    /** A person (objectClass user). */
    USER,
    /** A computer or a service account ({@code NAME$}), e.g. the file server. */
    COMPUTER,
    /** The domain's {@code krbtgt} account. */
    KRBTGT,
    /** An RODC-style {@code krbtgt_<n>} account (cloud Kerberos trust, MS-KILE 3.1.5.8). */
    RODC_KRBTGT,
    /** The inter-realm trust key {@code krbtgt/OTHER.REALM@THIS.REALM} to or from another domain. */
    TRUST
}
