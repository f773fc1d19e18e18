-- Kerbridge directory schema, version 3: coherence between several DC nodes on one shared database
-- (PostgreSQL). Portable SQL, as V1. Unused by the embedded H2 engine (one process per file).
--
-- dir_change is one row: seq is bumped by every write transaction of any node (the UPDATE also
-- takes the row lock, which serialises writers across nodes), pruned_to says up to which seq the
-- log below has been deleted. dir_change_log says what each write changed, so that a node catches
-- up by reloading only those objects: kind A = the account with that SID, G = groups and
-- memberships, R = RODC policies, P = domain policy (sid is '' for G, R and P).
CREATE TABLE dir_change (
    id         INTEGER NOT NULL PRIMARY KEY,
    seq        BIGINT  NOT NULL,
    pruned_to  BIGINT  NOT NULL
);
INSERT INTO dir_change (id, seq, pruned_to) VALUES (1, 0, 0);

CREATE TABLE dir_change_log (
    seq   BIGINT       NOT NULL,
    kind  CHAR(1)      NOT NULL,
    sid   VARCHAR(200) NOT NULL,
    PRIMARY KEY (seq, kind, sid)
);
