package io.kerbridge.kerberos.pac;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The outcome of checking each PAC signature; which one failed and why. */
public record PacVerification(Status server, Status kdc, Status ticket, Status full) {
    /** Per-signature outcome. Stable names for logs and tests. */
    public enum Status {
        VALID,
        /** The signature does not match. */
        INVALID,
        /** The PAC has no such signature buffer. */
        MISSING,
        /** The signature buffer cannot be decoded. */
        MALFORMED,
        /** The SignatureType is not the one the verifying key's enctype calls for (MS-PAC 2.8). */
        WRONG_CHECKSUM_TYPE,
        /** Not checked: no key (or no ticket-signing data) was given, or the server signature is unusable. */
        NOT_CHECKED;

        public boolean isFailure() {
            return this == INVALID || this == MALFORMED || this == WRONG_CHECKSUM_TYPE;
        }
    }

    public PacVerification {
        Objects.requireNonNull(server);
        Objects.requireNonNull(kdc);
        Objects.requireNonNull(ticket);
        Objects.requireNonNull(full);
    }

    public Status status(PacSignatureKind kind) {
        return switch (kind) {
            case SERVER -> server;
            case KDC -> kdc;
            case TICKET -> ticket;
            case FULL -> full;
        };
    }

    /** Signatures that were checked and failed. */
    public Set<PacSignatureKind> failures() {
        Set<PacSignatureKind> out = EnumSet.noneOf(PacSignatureKind.class);
        for (PacSignatureKind k : PacSignatureKind.values()) {
            if (status(k).isFailure()) {
                out.add(k);
            }
        }
        return out;
    }

    /** True when nothing failed and every {@code required} signature is {@link Status#VALID}. */
    public boolean isValid(Set<PacSignatureKind> required) {
        if (!failures().isEmpty()) {
            return false;
        }
        for (PacSignatureKind k : required) {
            if (status(k) != Status.VALID) {
                return false;
            }
        }
        return true;
    }

    /** Server and KDC signatures valid, nothing else failed. */
    public boolean isValid() {
        return isValid(EnumSet.of(PacSignatureKind.SERVER, PacSignatureKind.KDC));
    }
}
