-- Kerbridge directory schema, version 2: the Kerberos server object of cloud Kerberos trust
-- (Set/Get/Remove-AzureADKerberosServer; protocol-notes §1.2, §1.4, §1.5). Portable SQL, as V1.
--
-- The krbtgt_<n> account and the AzureADKerberos computer are ordinary dir_account rows and the
-- password replication policy is their dir_rodc row; this table adds what AD keeps elsewhere:
--   * the service connection point CN=900274c4-b7d2-43c8-90ee-00a9f650e335,CN=AzureAD,CN=System,<DN>,
--     whose keywords are Id=<scp_guid>, UserAccountSid=<krbtgt SID>, ComputerAccountSid=<computer SID>
--     (only the GUID is stored; the SIDs come from dir_rodc);
--   * the key version as Get-AzureADKerberosServer shows it (msDS-KeyVersionNumber of the krbtgt
--     account, a counter that only grows; tickets carry its low 16 bits), when and from which DC
--     the key was last set.
-- At most one per domain: domain_id is always 1 (as in dir_policy). Deleting the RODC row (the
-- krbtgt account) deletes this row too.
CREATE TABLE dir_kerberos_server (
    domain_id         INTEGER      NOT NULL PRIMARY KEY,
    rodc_number       INTEGER      NOT NULL REFERENCES dir_rodc (rodc_number) ON DELETE CASCADE,
    scp_guid          VARCHAR(36)  NOT NULL,
    key_version       BIGINT       NOT NULL,
    key_updated_on    BIGINT       NOT NULL,
    key_updated_from  VARCHAR(255) NOT NULL,
    created_at        BIGINT       NOT NULL,
    CONSTRAINT uq_kerberos_server_rodc UNIQUE (rodc_number)
);
