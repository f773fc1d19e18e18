-- Kerbridge directory schema, version 1. Portable SQL (H2 and PostgreSQL): the one type that differs,
-- a byte string, is the Flyway placeholder "binary" (VARBINARY on H2, BYTEA on PostgreSQL; see
-- Database.binaryType). Times are epoch milliseconds (BIGINT); durations are seconds. Secrets
-- (long-term keys, password history) are AES-256-GCM ciphertexts under the master key, never plaintext.

CREATE TABLE dir_meta (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    val         VARCHAR(4000),
    bin         ${binary}
);

CREATE TABLE dir_domain (
    id            INTEGER      NOT NULL PRIMARY KEY,
    dns_name      VARCHAR(255) NOT NULL,
    netbios_name  VARCHAR(15)  NOT NULL,
    realm         VARCHAR(255) NOT NULL,
    sid           VARCHAR(200) NOT NULL,
    parent_realm  VARCHAR(255),
    root_sid      VARCHAR(200),
    next_rid      BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL
);

CREATE TABLE dir_policy (
    domain_id              INTEGER NOT NULL PRIMARY KEY,
    max_password_age_s     BIGINT  NOT NULL,
    min_password_age_s     BIGINT  NOT NULL,
    min_password_length    INTEGER NOT NULL,
    complexity             BOOLEAN NOT NULL,
    history_length         INTEGER NOT NULL,
    lockout_threshold      INTEGER NOT NULL,
    lockout_window_s       BIGINT  NOT NULL,
    lockout_duration_s     BIGINT  NOT NULL,
    max_ticket_age_s       BIGINT  NOT NULL,
    max_service_age_s      BIGINT  NOT NULL,
    max_renew_age_s        BIGINT  NOT NULL,
    max_clock_skew_s       BIGINT  NOT NULL
);

CREATE TABLE dir_account (
    sid                  VARCHAR(200) NOT NULL PRIMARY KEY,
    sam_account_name     VARCHAR(256) NOT NULL,
    sam_lower            VARCHAR(256) NOT NULL,
    account_type         VARCHAR(16)  NOT NULL,
    upn                  VARCHAR(1024),
    upn_lower            VARCHAR(1024),
    display_name         VARCHAR(1024) NOT NULL,
    uac                  INTEGER      NOT NULL,
    primary_group_rid    BIGINT       NOT NULL,
    supported_enctypes   INTEGER      NOT NULL,
    account_expires      BIGINT,
    pwd_last_set         BIGINT,
    bad_pwd_count        INTEGER      NOT NULL,
    bad_password_time    BIGINT,
    lockout_time         BIGINT,
    rodc_number          INTEGER,
    trust_realm          VARCHAR(255),
    CONSTRAINT uq_account_sam UNIQUE (sam_lower),
    CONSTRAINT uq_account_upn UNIQUE (upn_lower),
    CONSTRAINT uq_account_rodc UNIQUE (rodc_number)
);

CREATE TABLE dir_spn (
    spn_lower    VARCHAR(1024) NOT NULL PRIMARY KEY,
    spn          VARCHAR(1024) NOT NULL,
    account_sid  VARCHAR(200)  NOT NULL REFERENCES dir_account (sid) ON DELETE CASCADE
);
CREATE INDEX ix_spn_account ON dir_spn (account_sid);

-- One row per key version; slot MAIN for ordinary accounts, IN / OUT for the two keys of a trust.
CREATE TABLE dir_key_version (
    account_sid  VARCHAR(200) NOT NULL REFERENCES dir_account (sid) ON DELETE CASCADE,
    slot         VARCHAR(8)   NOT NULL,
    kvno         INTEGER      NOT NULL,
    set_at       BIGINT       NOT NULL,
    PRIMARY KEY (account_sid, slot, kvno)
);

CREATE TABLE dir_key (
    account_sid  VARCHAR(200) NOT NULL,
    slot         VARCHAR(8)   NOT NULL,
    kvno         INTEGER      NOT NULL,
    enctype      INTEGER      NOT NULL,
    sealed       ${binary} NOT NULL,
    PRIMARY KEY (account_sid, slot, kvno, enctype),
    FOREIGN KEY (account_sid, slot, kvno) REFERENCES dir_key_version (account_sid, slot, kvno) ON DELETE CASCADE
);

CREATE TABLE dir_password_history (
    account_sid  VARCHAR(200) NOT NULL REFERENCES dir_account (sid) ON DELETE CASCADE,
    seq          BIGINT       NOT NULL,
    sealed       ${binary} NOT NULL,
    PRIMARY KEY (account_sid, seq)
);

CREATE TABLE dir_group (
    sid          VARCHAR(200)  NOT NULL PRIMARY KEY,
    name         VARCHAR(256)  NOT NULL,
    name_lower   VARCHAR(256)  NOT NULL,
    scope        VARCHAR(16)   NOT NULL,
    description  VARCHAR(1024) NOT NULL,
    CONSTRAINT uq_group_name UNIQUE (name_lower)
);

-- Membership by SID: a member may be an account, a group of this store or a foreign SID.
CREATE TABLE dir_group_member (
    group_sid    VARCHAR(200) NOT NULL REFERENCES dir_group (sid) ON DELETE CASCADE,
    member_sid   VARCHAR(200) NOT NULL,
    PRIMARY KEY (group_sid, member_sid)
);
CREATE INDEX ix_member_sid ON dir_group_member (member_sid);

CREATE TABLE dir_trust (
    realm         VARCHAR(255) NOT NULL PRIMARY KEY,
    netbios_name  VARCHAR(15)  NOT NULL,
    domain_sid    VARCHAR(200),
    account_sid   VARCHAR(200) NOT NULL REFERENCES dir_account (sid) ON DELETE CASCADE
);

-- RODC-style objects (cloud Kerberos trust): krbtgt_<n> account, the computer object and its
-- password replication policy (SID lists, space separated).
CREATE TABLE dir_rodc (
    rodc_number     INTEGER      NOT NULL PRIMARY KEY,
    krbtgt_sid      VARCHAR(200) NOT NULL REFERENCES dir_account (sid) ON DELETE CASCADE,
    computer_sid    VARCHAR(200) NOT NULL,
    never_reveal    VARCHAR(4000) NOT NULL,
    reveal_on_demand VARCHAR(4000) NOT NULL
);
