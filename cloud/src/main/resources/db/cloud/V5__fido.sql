-- FIDO2 security keys: the credential record of W3C WebAuthn Level 2 §7.1 step 24 (registration) that §7.2
-- (assertion) verifies against; a FIDO2 sign-in yields the same PRT and partial TGT as Hello (protocol-notes §2.1).
-- attested_credential_data is the authenticator's own encoding (AAGUID | L | credential id | COSE public key),
-- as webauthn4j reads it back; the credential id is also kept as base64url (no padding) for lookups.
CREATE TABLE fido_credential (
    credential_id            VARCHAR(1400) NOT NULL PRIMARY KEY,
    tenant_id                VARCHAR(36)   NOT NULL REFERENCES tenant (id),
    user_id                  VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    rp_id                    VARCHAR(253)  NOT NULL,
    attested_credential_data ${binary}     NOT NULL,
    aaguid                   VARCHAR(36)   NOT NULL,
    sign_count               BIGINT        NOT NULL,
    uv_initialized           BOOLEAN       NOT NULL,
    backup_eligible          BOOLEAN       NOT NULL,
    backup_state             BOOLEAN       NOT NULL,
    transports               VARCHAR(128)  NOT NULL,
    display_name             VARCHAR(256)  NOT NULL,
    created_at               BIGINT        NOT NULL,
    last_used_at             BIGINT
);
CREATE INDEX fido_credential_user ON fido_credential (tenant_id, user_id);
