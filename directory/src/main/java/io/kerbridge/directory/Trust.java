package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.Optional;

/**
 * An inter-realm trust with another domain of the forest: two keys derived from one shared trust
 * password, {@code krbtgt/REALM@THIS} (outgoing: this KDC issues referral TGTs with it) and
 * {@code krbtgt/THIS@REALM} (incoming: the other KDC's referrals to us).
 *
 * @param accountSid the interdomain trust account {@code NETBIOS$} of this domain that holds the keys
 */
public record Trust(String realm, String netbiosName, Optional<Sid> domainSid, Sid accountSid) {}
