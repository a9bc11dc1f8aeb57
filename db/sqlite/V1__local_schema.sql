-- Local SQLite schema: the device owner's account and sessions, local settings, workspaces and their projects.
-- Instants are ISO-8601 UTC text of fixed width (sortable); ids are UUIDv7 text.

CREATE TABLE local_users (
    id                 TEXT NOT NULL PRIMARY KEY,
    -- exactly one local owner per installation: the constant column makes a second insert a unique violation
    singleton          INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    username           TEXT NOT NULL COLLATE NOCASE UNIQUE,
    email              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name       TEXT NOT NULL,
    password_hash      TEXT NOT NULL,
    recovery_key_hash  TEXT NOT NULL,
    is_active          INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE TABLE local_sessions (
    id                 TEXT NOT NULL PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES local_users (id) ON DELETE CASCADE,
    access_token_hash  TEXT NOT NULL UNIQUE,
    access_expires_at  TEXT NOT NULL,
    refresh_token_hash TEXT NOT NULL UNIQUE,
    created_at         TEXT NOT NULL,
    last_seen_at       TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    revoked_at         TEXT NULL,
    ip_address         TEXT NULL,
    user_agent         TEXT NULL
);
CREATE INDEX ix_local_sessions_user ON local_sessions (user_id);
CREATE INDEX ix_local_sessions_expires ON local_sessions (expires_at);

-- Refresh tokens already exchanged: presenting one again means it was stolen, so its session is revoked.
CREATE TABLE spent_refresh_tokens (
    token_hash  TEXT NOT NULL PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES local_sessions (id) ON DELETE CASCADE,
    spent_at    TEXT NOT NULL
);
CREATE INDEX ix_spent_refresh_tokens_session ON spent_refresh_tokens (session_id);

CREATE TABLE settings (
    key         TEXT NOT NULL PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- A workspace belongs to the account that created it: the local owner or a team account (realm + id).
CREATE TABLE workspaces (
    id           TEXT NOT NULL PRIMARY KEY,
    owner_realm  TEXT NOT NULL CHECK (owner_realm IN ('local', 'team')),
    owner_id     TEXT NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    root_path    TEXT NOT NULL CHECK (length(root_path) BETWEEN 1 AND 1024),
    description  TEXT NULL,
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (owner_realm, owner_id, root_path)
);
CREATE INDEX ix_workspaces_owner_created ON workspaces (owner_realm, owner_id, created_at DESC, id DESC);

CREATE TABLE projects (
    id             TEXT NOT NULL PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    relative_path  TEXT NOT NULL CHECK (length(relative_path) BETWEEN 1 AND 1024),
    description    TEXT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (workspace_id, relative_path)
);
