package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.types.ErrorCode;

/** The KDC answered with a KRB-ERROR (RFC 4120 §5.9.1). */
public final class KdcErrorException extends KerberosClientException {
    private final KrbError error;

    public KdcErrorException(String what, KrbError error) {
        super(what + ": " + describe(error));
        this.error = error;
    }

    public KrbError error() {
        return error;
    }

    public ErrorCode code() {
        return error.errorCode();
    }

    private static String describe(KrbError e) {
        String text = switch (e.errorCode().value()) {
            case 6 -> "client not found in Kerberos database";
            case 7 -> "server not found in Kerberos database";
            case 12 -> "KDC policy rejects request";
            case 14 -> "KDC has no support for encryption type";
            case 18 -> "client's credentials have been revoked";
            case 20 -> "TGT has been revoked";
            case 23 -> "password has expired";
            case 24 -> "preauthentication failed (wrong password?)";
            case 25 -> "additional pre-authentication required";
            case 31 -> "decrypt integrity check failed";
            case 32 -> "ticket expired";
            case 37 -> "clock skew too great";
            case 44 -> "specified version of key is not available";
            default -> e.errorCode().name();
        };
        return text + " (" + e.errorCode().name() + ", " + e.errorCode().value() + ")"
                + e.etext().filter(t -> !t.isBlank()).map(t -> ": " + t).orElse("");
    }
}
