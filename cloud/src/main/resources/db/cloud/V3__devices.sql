-- Devices (protocol-notes §3.1) and Windows Hello for Business keys (MS-KPP kngc), bound to user and device.
CREATE TABLE device (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    display_name       VARCHAR(256) NOT NULL,
    owner_user_id      VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    enabled            BOOLEAN      NOT NULL,
    certificate        ${binary}    NOT NULL,
    device_key_spki    ${binary}    NOT NULL,
    transport_key_blob ${binary}    NOT NULL,
    os_version         VARCHAR(128),
    registered_at      BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL
);
CREATE INDEX device_tenant ON device (tenant_id);

CREATE TABLE hello_key (
    kid        VARCHAR(64) NOT NULL,
    tenant_id  VARCHAR(36) NOT NULL REFERENCES tenant (id),
    user_id    VARCHAR(36) NOT NULL REFERENCES app_user (id),
    device_id  VARCHAR(36) NOT NULL REFERENCES device (id),
    key_blob   ${binary}   NOT NULL,
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, kid)
);
CREATE INDEX hello_key_user ON hello_key (tenant_id, user_id);
