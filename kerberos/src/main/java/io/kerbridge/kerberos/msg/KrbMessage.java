package io.kerbridge.kerberos.msg;

/** A top-level Kerberos message, as dispatched on its APPLICATION tag (RFC 4120 §5.10). */
public sealed interface KrbMessage permits KdcReq, KdcRep, ApReq, ApRep, KrbError, KrbCred {}
