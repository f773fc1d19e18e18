package io.kerbridge.dc;

import java.util.Optional;

/** Turns an {@code Authorization: Negotiate …} header into a {@link Caller} (RFC 4559). */
@FunctionalInterface
public interface AdminAuthenticator {
    /** Empty when the header is absent or does not authenticate; never throws on bad input. */
    Optional<Caller> authenticate(String authorizationHeader);
}
