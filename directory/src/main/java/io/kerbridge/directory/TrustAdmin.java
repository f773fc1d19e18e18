package io.kerbridge.directory;

import java.util.List;
import java.util.Optional;

/**
 * Inter-realm trusts within the forest. Both domain controllers are given the same trust password and
 * derive the same two keys, salted as MS-KILE 3.3.5.6.2 says (incoming:
 * {@code OTHER} + "krbtgt" + {@code THIS}; outgoing: {@code THIS} + "krbtgt" + {@code OTHER}, all
 * upper case: the RFC 4120 default salts of {@code krbtgt/THIS@OTHER} and {@code krbtgt/OTHER@THIS}).
 */
public interface TrustAdmin {
    /** Creates the trust, or sets a new password on an existing one (kvno + 1, previous keys kept). */
    Trust set(String otherRealm, String otherNetbiosName, char[] trustPassword);

    /**
     * As {@link #set(String, String, char[])} with an explicit kvno, for when the two sides must agree on
     * it (MIT: "same passwords, key version numbers and encryption types" on both KDCs).
     */
    Trust set(String otherRealm, String otherNetbiosName, char[] trustPassword, int kvno);

    void remove(String otherRealm);

    Optional<Trust> get(String otherRealm);

    List<Trust> list();
}
