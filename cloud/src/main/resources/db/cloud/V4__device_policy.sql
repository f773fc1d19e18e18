-- Device policy (protocol-notes §3.4): per tenant, the Intune settings UseCloudTrustForOnPremAuth and
-- CloudKerberosTicketRetrievalEnabled, each enabled or disabled and assigned to every device (group_id NULL) or to
-- the devices whose owner (or, at sign-in, whose signing-in user) is a member of one group. No row for a setting
-- means "not configured", which is off. updated_by is the UPN of the administrator who last saved the policy.
CREATE TABLE device_policy_setting (
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenant (id),
    setting    VARCHAR(64)  NOT NULL,
    enabled    BOOLEAN      NOT NULL,
    group_id   VARCHAR(36)  REFERENCES app_group (id),
    updated_at BIGINT       NOT NULL,
    updated_by VARCHAR(256) NOT NULL,
    PRIMARY KEY (tenant_id, setting)
);
