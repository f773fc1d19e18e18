-- Kerberos domains (issue 5, protocol-notes §1.3-§1.5, §7.2): the tenant transport key the DC admin tool
-- encrypts krbtgt_<n> keys to, and one row per on-premises AD domain with its primary and (after a rotation)
-- secondary key. Every private key and domain key is sealed under the master key; the associated data binds
-- each ciphertext to its row (see KerberosDomains).

-- P-256 transport key pair, PKCS#8 private key sealed (associated data "transport-key:<tenant>:<kid>").
CREATE TABLE kerberos_transport_key (
    tenant_id     VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES tenant (id),
    kid           VARCHAR(64) NOT NULL,
    sealed_pkcs8  ${binary}   NOT NULL,
    created_at    BIGINT      NOT NULL
);

-- Keys sealed with associated data "kerberos-domain-key:<tenant>:<dns name>:<rodc number>:<key version>".
CREATE TABLE kerberos_domain (
    tenant_id              VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    dns_name               VARCHAR(253) NOT NULL,
    rodc_number            INT          NOT NULL,
    key_version            BIGINT       NOT NULL,
    key_updated_on         BIGINT       NOT NULL,
    key_updated_from       VARCHAR(255) NOT NULL,
    key_sealed             ${binary}    NOT NULL,
    secondary_version      BIGINT,
    secondary_updated_on   BIGINT,
    secondary_updated_from VARCHAR(255),
    secondary_sealed       ${binary},
    PRIMARY KEY (tenant_id, dns_name)
);
