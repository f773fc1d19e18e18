// protocol-notes §3.2 (what the cloud IdP must check in a PRT request), §3.2a (clients raise on anything but
// HTTP 200 and show the body), §7.2 (nonce validation, x5c to the CA, assertion use=ngc/kid/iss/nonce).
// RFC 6749 §5.2 (OAuth error response: error, error_description; invalid_request, invalid_client,
// invalid_grant, unsupported_grant_type).
package io.kerbridge.cloud.prt;

/**
 * Every refusal of the token endpoint: HTTP status, OAuth {@code error}, the Entra AADSTS number for the
 * nearest Entra condition, and our stable {@code code}. The AADSTS numbers follow the public Entra error
 * table where a condition has an obvious match (700003 device not found, 135011 device disabled, 50057 user
 * disabled, 50055 password expired, 50034 user not found, 135010 key not found, 70003 unsupported grant type,
 * 900144 missing parameter, 50027 malformed JWT, 50155 device authentication failed, 500133 assertion outside
 * its time range, 70008 expired grant); for the nonce (50089, "flow token expired") it is our choice. None of
 * them is checked against real Entra; clients must key on {@code code}.
 */
public enum PrtError {
    MALFORMED_REQUEST(400, Oauth.INVALID_REQUEST, 90100, "malformed_request"),
    MISSING_PARAMETER(400, Oauth.INVALID_REQUEST, 900144, "missing_parameter"),
    UNSUPPORTED_GRANT_TYPE(400, Oauth.UNSUPPORTED_GRANT_TYPE, 70003, "unsupported_grant_type"),
    UNSUPPORTED_API_VERSION(400, Oauth.INVALID_REQUEST, 90100, "unsupported_api_version"),
    MALFORMED_JWT(400, Oauth.INVALID_REQUEST, 50027, "malformed_jwt"),
    GRANT_TYPE_MISMATCH(400, Oauth.INVALID_REQUEST, 70003, "grant_type_mismatch"),
    MISSING_ASSERTION(400, Oauth.INVALID_REQUEST, 900144, "missing_assertion"),
    INVALID_DEVICE_CERTIFICATE(401, Oauth.INVALID_CLIENT, 50155, "invalid_device_certificate"),
    INVALID_REQUEST_SIGNATURE(401, Oauth.INVALID_CLIENT, 50155, "invalid_request_signature"),
    DEVICE_NOT_FOUND(400, Oauth.INVALID_GRANT, 700003, "device_not_found"),
    DEVICE_DISABLED(400, Oauth.INVALID_GRANT, 135011, "device_disabled"),
    DEVICE_CERTIFICATE_MISMATCH(401, Oauth.INVALID_CLIENT, 50155, "device_certificate_mismatch"),
    DEVICE_TRANSPORT_KEY_INVALID(400, Oauth.INVALID_GRANT, 50155, "device_transport_key_invalid"),
    NONCE_EXPIRED(400, Oauth.INVALID_GRANT, 50089, "nonce_expired"),
    NONCE_REPLAYED(400, Oauth.INVALID_GRANT, 50089, "nonce_replayed"),
    MALFORMED_ASSERTION(400, Oauth.INVALID_GRANT, 50027, "malformed_assertion"),
    HELLO_KEY_NOT_FOUND(400, Oauth.INVALID_GRANT, 135010, "hello_key_not_found"),
    HELLO_KEY_OTHER_USER(400, Oauth.INVALID_GRANT, 135010, "hello_key_other_user"),
    HELLO_KEY_OTHER_DEVICE(400, Oauth.INVALID_GRANT, 135010, "hello_key_other_device"),
    INVALID_ASSERTION_SIGNATURE(400, Oauth.INVALID_GRANT, 50013, "invalid_assertion_signature"),
    ASSERTION_EXPIRED(400, Oauth.INVALID_GRANT, 500133, "assertion_expired"),
    USERNAME_MISMATCH(400, Oauth.INVALID_GRANT, 50013, "username_mismatch"),
    USER_NOT_FOUND(400, Oauth.INVALID_GRANT, 50034, "user_not_found"),
    FIDO2_NOT_AVAILABLE(404, Oauth.INVALID_REQUEST, 90100, "fido2_not_available"),
    FIDO2_ASSERTION_REJECTED(400, Oauth.INVALID_GRANT, 50013, "fido2_assertion_rejected"),
    USER_DISABLED(400, Oauth.INVALID_GRANT, 50057, "user_disabled"),
    PASSWORD_EXPIRED(400, Oauth.INVALID_GRANT, 50055, "password_expired"),
    INVALID_REFRESH_TOKEN(400, Oauth.INVALID_GRANT, 9002313, "invalid_refresh_token"),
    REFRESH_TOKEN_EXPIRED(400, Oauth.INVALID_GRANT, 70008, "refresh_token_expired"),
    INVALID_SESSION_KEY_SIGNATURE(400, Oauth.INVALID_GRANT, 50013, "invalid_session_key_signature");

    /** The OAuth {@code error} values used (RFC 6749 §5.2). */
    static final class Oauth {
        static final String INVALID_REQUEST = "invalid_request";
        static final String INVALID_CLIENT = "invalid_client";
        static final String INVALID_GRANT = "invalid_grant";
        static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

        private Oauth() {}
    }

    private final int status;
    private final String oauthError;
    private final int aadsts;
    private final String code;

    PrtError(int status, String oauthError, int aadsts, String code) {
        this.status = status;
        this.oauthError = oauthError;
        this.aadsts = aadsts;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String oauthError() {
        return oauthError;
    }

    public int aadsts() {
        return aadsts;
    }

    public String code() {
        return code;
    }

    /** The refusal, with a message that says what is wrong (never a key, token or nonce value). */
    public OAuthException with(String message) {
        return new OAuthException(this, message);
    }
}
