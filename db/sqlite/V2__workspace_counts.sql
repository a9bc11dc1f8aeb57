-- The number of workspaces each owner has, kept by triggers in the same transaction as every insert and delete, so
-- the workspace list's total is one row read instead of a count that grows with the owner's workspaces
-- (docs/benchmarks.md). Owners never change (no statement updates owner_realm or owner_id); the update trigger keeps
-- the count right should one ever do.

CREATE TABLE workspace_counts (
    owner_realm  TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    workspaces   INTEGER NOT NULL CHECK (workspaces >= 0),
    PRIMARY KEY (owner_realm, owner_id)
) WITHOUT ROWID;

INSERT INTO workspace_counts (owner_realm, owner_id, workspaces)
SELECT owner_realm, owner_id, COUNT(*) FROM workspaces GROUP BY owner_realm, owner_id;

CREATE TRIGGER workspaces_counted_on_insert AFTER INSERT ON workspaces
BEGIN
    INSERT INTO workspace_counts (owner_realm, owner_id, workspaces) VALUES (NEW.owner_realm, NEW.owner_id, 1)
    ON CONFLICT (owner_realm, owner_id) DO UPDATE SET workspaces = workspaces + 1;
END;

CREATE TRIGGER workspaces_counted_on_delete AFTER DELETE ON workspaces
BEGIN
    UPDATE workspace_counts SET workspaces = workspaces - 1
    WHERE owner_realm = OLD.owner_realm AND owner_id = OLD.owner_id;
END;

CREATE TRIGGER workspaces_counted_on_owner_change AFTER UPDATE OF owner_realm, owner_id ON workspaces
    WHEN NEW.owner_realm IS NOT OLD.owner_realm OR NEW.owner_id IS NOT OLD.owner_id
BEGIN
    UPDATE workspace_counts SET workspaces = workspaces - 1
    WHERE owner_realm = OLD.owner_realm AND owner_id = OLD.owner_id;
    INSERT INTO workspace_counts (owner_realm, owner_id, workspaces) VALUES (NEW.owner_realm, NEW.owner_id, 1)
    ON CONFLICT (owner_realm, owner_id) DO UPDATE SET workspaces = workspaces + 1;
END;
