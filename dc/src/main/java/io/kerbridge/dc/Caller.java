package io.kerbridge.dc;

import java.util.Optional;

/**
 * Who called the admin API, as Kerberos authenticated them (the client principal of the AP-REQ and
 * whether the PAC names Domain Admins, RID 512), and the mutual-authentication token to return.
 */
public record Caller(String principal, boolean domainAdmin, Optional<String> negotiateReply) {}
