package io.kerbridge.directory;

/**
 * Why the KDC looks a name up (Samba sdb's SDB_F_GET_CLIENT / GET_SERVER / GET_KRBTGT): the same
 * name resolves differently for each (a client by sAMAccountName or UPN, a server by SPN too, a
 * krbtgt by realm, including inter-realm trust keys).
 */
public enum LookupPurpose {
    CLIENT, SERVER, KRBTGT
}
