-- The tenant's cloud Kerberos realm KERBEROS.MICROSOFTONLINE.COM (protocol-notes §5.1-§5.3): its krbtgt keys,
-- the service principals (cloud apps with a Kerberos key) and the tenant's kerberos_top_level_names. Every key
-- is sealed under the master key; the associated data binds it to its row (see realm/RealmKeys and
-- realm/ServicePrincipals).

-- aes256-cts-hmac-sha1-96 krbtgt keys of the realm, one row per key version; the highest kvno encrypts new
-- TGTs. Associated data "cloud-realm-key:<tenant>:<kvno>".
CREATE TABLE cloud_realm_key (
    tenant_id   VARCHAR(36) NOT NULL REFERENCES tenant (id),
    kvno        INT         NOT NULL,
    key_sealed  ${binary}   NOT NULL,
    created_at  BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, kvno)
);

-- Service principals of the cloud realm: the SPN as registered, its lower-case form (SPNs match without regard
-- to case), the current kvno and aes256 key. Associated data "cloud-sp-key:<tenant>:<id>:<kvno>".
CREATE TABLE cloud_service_principal (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    spn             VARCHAR(600) NOT NULL,
    spn_key         VARCHAR(600) NOT NULL,
    display_name    VARCHAR(256) NOT NULL,
    kvno            INT          NOT NULL,
    key_sealed      ${binary}    NOT NULL,
    created_at      BIGINT       NOT NULL,
    keys_updated_at BIGINT       NOT NULL,
    CONSTRAINT cloud_service_principal_spn UNIQUE (tenant_id, spn_key)
);

-- kerberos_top_level_names set by an administrator, in order. A tenant without a row in
-- cloud_realm_settings uses the default (see realm/TopLevelNames).
CREATE TABLE cloud_realm_settings (
    tenant_id        VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES tenant (id),
    top_level_names  VARCHAR(4000) NOT NULL,
    updated_at       BIGINT      NOT NULL
);
