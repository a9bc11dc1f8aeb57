-- The script library (contract §9). A script's drive mappings, references and credentials flag are derived by the API's
-- analyser on every save and stored beside it, so that lists, the drive and share views and the impact walk are
-- index-backed queries, never a re-analysis.

-- Substring search over name, description and content is a trigram index (pg_trgm is a trusted extension since
-- PostgreSQL 13: the database owner may create it). Where it cannot be created this script fails as a whole and
-- configure says which extension is missing (docs/scripts.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE scripts (
    id              uuid PRIMARY KEY,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    -- The name as references match it: lower case, without a script extension (ScriptNames.Key in the API).
    name_key        text NOT NULL,
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    content         text NOT NULL,
    -- The file exactly as it arrived (a cp1252 batch file must stay cp1252 to run on its server); encoding says how
    -- content was read from it.
    content_bytes   bytea NOT NULL,
    encoding        text NOT NULL,
    size_bytes      integer NOT NULL CHECK (size_bytes >= 0),
    content_sha256  text NOT NULL,
    type            text NOT NULL CHECK (type IN ('batch', 'powershell', 'shell', 'python', 'sql', 'other')),
    is_active       boolean NOT NULL DEFAULT true,
    has_credentials boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by      text NULL,
    updated_by      text NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- What search compares with: folded once on write, like team_users.search_text (db/shared/V3). The unit separator
    -- keeps a match from spanning two fields; the API refuses control characters in a search.
    search_text     text NOT NULL GENERATED ALWAYS AS (lower(name || chr(31) || description || chr(31) || content)) STORED
);
CREATE UNIQUE INDEX ux_scripts_name ON scripts (lower(name));
CREATE INDEX ix_scripts_name_key ON scripts (name_key);
CREATE INDEX ix_scripts_updated ON scripts (updated_at, id);
CREATE INDEX ix_scripts_type ON scripts (type);
CREATE INDEX ix_scripts_search ON scripts USING gin (search_text gin_trgm_ops);

-- Control-M (next slice) lends the link back: controlm_jobs.script_id REFERENCES scripts (id) ON DELETE SET NULL.
-- The view is the name lookup Scripts lends it (docs/architecture.md), so Control-M never reads this table's columns.
CREATE VIEW script_name_keys AS SELECT id AS script_id, name_key, lower(name) AS name_lower FROM scripts;

CREATE TABLE script_tags (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    color      text NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_script_tags_name ON script_tags (lower(name));

CREATE TABLE script_tag_links (
    script_id uuid NOT NULL REFERENCES scripts (id) ON DELETE CASCADE,
    tag_id    uuid NOT NULL REFERENCES script_tags (id) ON DELETE CASCADE,
    PRIMARY KEY (script_id, tag_id)
);
CREATE INDEX ix_script_tag_links_tag ON script_tag_links (tag_id);

CREATE TABLE script_drive_mappings (
    id              uuid PRIMARY KEY,
    script_id       uuid NOT NULL REFERENCES scripts (id) ON DELETE CASCADE,
    ordinal         integer NOT NULL,
    drive_letter    text NULL CHECK (drive_letter ~ '^[A-Z]:$'),
    network_path    text NOT NULL,
    server_name     text NOT NULL,
    share_name      text NOT NULL,
    has_credentials boolean NOT NULL,
    username        text NULL,
    line            integer NOT NULL,
    UNIQUE (script_id, ordinal)
);
CREATE INDEX ix_script_drive_mappings_letter ON script_drive_mappings (drive_letter) WHERE drive_letter IS NOT NULL;
CREATE INDEX ix_script_drive_mappings_share ON script_drive_mappings (lower(server_name), lower(share_name));

-- One row per reference the analyser found. target_id is the script the name resolves to, or null (unresolved); the
-- API re-resolves every reference whose name_key a create, rename, import or delete touched, in that transaction.
CREATE TABLE script_references (
    script_id  uuid NOT NULL REFERENCES scripts (id) ON DELETE CASCADE,
    ordinal    integer NOT NULL,
    name       text NOT NULL,
    name_lower text NOT NULL,
    name_key   text NOT NULL,
    kind       text NOT NULL,
    line       integer NOT NULL,
    target_id  uuid NULL REFERENCES scripts (id) ON DELETE SET NULL,
    PRIMARY KEY (script_id, ordinal)
);
CREATE INDEX ix_script_references_key ON script_references (name_key);
CREATE INDEX ix_script_references_target ON script_references (target_id) WHERE target_id IS NOT NULL;
