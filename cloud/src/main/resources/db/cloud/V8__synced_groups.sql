-- Synced groups (issue 5): on-premises security groups copied by the sync agent, keyed by their SID.
ALTER TABLE app_group ADD COLUMN on_prem_sid VARCHAR(184);
ALTER TABLE app_group ADD COLUMN on_prem_sam VARCHAR(256);
ALTER TABLE app_group ADD COLUMN on_prem_domain VARCHAR(253);
CREATE UNIQUE INDEX app_group_sid ON app_group (tenant_id, on_prem_sid);
