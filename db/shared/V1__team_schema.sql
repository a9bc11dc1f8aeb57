-- Shared PostgreSQL schema: one database is one team. Several API instances use it at once, so every rule that
-- must hold across instances (uniqueness, the audit chain, append-only audit) is enforced here, not in the app.

CREATE TABLE team_users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL CHECK (length(username) BETWEEN 3 AND 64),
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    password_hash text NOT NULL,
    is_active     boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- Usernames and e-mails are unique case-insensitively.
CREATE UNIQUE INDEX ux_team_users_username ON team_users (lower(username));
CREATE UNIQUE INDEX ux_team_users_email ON team_users (lower(email));

CREATE TABLE team_sessions (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES team_users (id) ON DELETE CASCADE,
    access_token_hash  text NOT NULL UNIQUE,
    access_expires_at  timestamptz NOT NULL,
    refresh_token_hash text NOT NULL UNIQUE,
    created_at         timestamptz NOT NULL,
    last_seen_at       timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    revoked_at         timestamptz NULL,
    ip_address         text NULL,
    user_agent         text NULL
);
CREATE INDEX ix_team_sessions_user ON team_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX ix_team_sessions_expires ON team_sessions (expires_at);

-- Refresh tokens already exchanged: presenting one again revokes its session.
CREATE TABLE team_spent_refresh_tokens (
    token_hash text PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES team_sessions (id) ON DELETE CASCADE,
    spent_at   timestamptz NOT NULL
);
CREATE INDEX ix_team_spent_refresh_tokens_session ON team_spent_refresh_tokens (session_id);

CREATE TABLE roles (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    is_built_in boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_roles_name ON roles (lower(name));

CREATE TABLE role_permissions (
    role_id    uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission text NOT NULL CHECK (permission IN (
        'users:read', 'users:manage', 'rbac:read', 'rbac:manage', 'audit:read', 'audit:export',
        'scripts:read', 'scripts:write', 'scripts:delete', 'controlm:read', 'controlm:write',
        'controlm:import', 'controlm:delete', 'installation:manage')),
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES team_users (id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX ix_user_roles_role ON user_roles (role_id);

-- Built-in roles, with fixed ids so every instance and every install agrees on them.
INSERT INTO roles (id, name, description, is_built_in, created_at, updated_at) VALUES
    ('00000000-0000-7000-8000-000000000001', 'admin', 'Every permission', true, now(), now()),
    ('00000000-0000-7000-8000-000000000002', 'editor', 'Edits scripts and Control-M jobs', true, now(), now()),
    ('00000000-0000-7000-8000-000000000003', 'viewer', 'Reads scripts and Control-M jobs', true, now(), now()),
    ('00000000-0000-7000-8000-000000000004', 'auditor', 'Reads and exports the audit log', true, now(), now());

INSERT INTO role_permissions (role_id, permission)
SELECT '00000000-0000-7000-8000-000000000001'::uuid, p FROM unnest(ARRAY[
    'users:read', 'users:manage', 'rbac:read', 'rbac:manage', 'audit:read', 'audit:export',
    'scripts:read', 'scripts:write', 'scripts:delete', 'controlm:read', 'controlm:write',
    'controlm:import', 'controlm:delete', 'installation:manage']) AS p
UNION ALL
SELECT '00000000-0000-7000-8000-000000000002'::uuid, p FROM unnest(ARRAY[
    'scripts:read', 'scripts:write', 'scripts:delete', 'controlm:read', 'controlm:write', 'controlm:import', 'users:read']) AS p
UNION ALL
SELECT '00000000-0000-7000-8000-000000000003'::uuid, p FROM unnest(ARRAY['scripts:read', 'controlm:read']) AS p
UNION ALL
SELECT '00000000-0000-7000-8000-000000000004'::uuid, p FROM unnest(ARRAY[
    'audit:read', 'audit:export', 'scripts:read', 'controlm:read', 'users:read', 'rbac:read']) AS p;

-- The audit log: append-only and hash-chained. The app only inserts the entry's content; the BEFORE INSERT trigger
-- serialises appends from every instance with a transaction-scoped advisory lock, then assigns the gapless sequence,
-- the previous entry's hash and this entry's hash. A rolled-back change takes its entry (and its lock) with it.
CREATE TABLE audit_log (
    id             uuid PRIMARY KEY,
    sequence       bigint NOT NULL UNIQUE,
    occurred_at    timestamptz NOT NULL,
    actor_user_id  text NULL,
    actor_username text NULL,
    actor_realm    text NULL,
    action         text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    resource_type  text NOT NULL,
    resource_id    text NULL,
    before         jsonb NULL,
    after          jsonb NULL,
    request_id     text NULL,
    ip_address     text NULL,
    user_agent     text NULL,
    prev_hash      text NOT NULL,
    hash           text NOT NULL
);
CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at DESC, sequence DESC);
CREATE INDEX ix_audit_log_actor ON audit_log (actor_user_id, sequence DESC);
CREATE INDEX ix_audit_log_action ON audit_log (action, sequence DESC);
CREATE INDEX ix_audit_log_resource ON audit_log (resource_type, resource_id, sequence DESC);

-- What an entry's hash covers: every field, and the previous entry's hash. Timestamps are rendered in UTC so the
-- session's time zone cannot change the result; jsonb renders canonically.
CREATE FUNCTION audit_entry_hash(e audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31),
        e.sequence::text, e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(e.actor_user_id, ''), coalesce(e.actor_username, ''), coalesce(e.actor_realm, ''),
        e.action, e.resource_type, coalesce(e.resource_id, ''),
        coalesce(e.before::text, ''), coalesce(e.after::text, ''),
        coalesce(e.request_id, ''), coalesce(e.ip_address, ''), coalesce(e.user_agent, ''),
        e.prev_hash), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_sequence bigint;
    last_hash     text;
BEGIN
    PERFORM pg_advisory_xact_lock(7310021, 1);
    SELECT a.sequence, a.hash INTO last_sequence, last_hash FROM audit_log a ORDER BY a.sequence DESC LIMIT 1;
    NEW.sequence  := coalesce(last_sequence, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
    NEW.hash      := audit_entry_hash(NEW);
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
