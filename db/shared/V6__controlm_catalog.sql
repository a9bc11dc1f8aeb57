-- The Control-M job catalog (contract §10, docs/controlm.md). Identity of a job is datacenter + folder path + job name +
-- occurrence (real exports repeat job names within a folder); everything an export says that has no column of its own
-- is kept in attributes (jsonb), so an export loses nothing.

CREATE TABLE controlm_folders (
    id              uuid PRIMARY KEY,
    datacenter      text NOT NULL,
    path            text NOT NULL CHECK (path <> ''),
    kind            text NOT NULL CHECK (kind IN ('folder', 'smart', 'sub', 'table', 'simple')),
    attributes      jsonb NOT NULL DEFAULT '{}',
    -- A smart folder's own prerequisites and completion signals, in the reader's form.
    in_conditions   jsonb NOT NULL DEFAULT '[]',
    out_conditions  jsonb NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_controlm_folders_path ON controlm_folders (datacenter, path);

CREATE TABLE controlm_jobs (
    id              uuid PRIMARY KEY,
    datacenter      text NOT NULL,
    folder          text NOT NULL,
    job_name        text NOT NULL CHECK (job_name <> ''),
    occurrence      integer NOT NULL DEFAULT 1 CHECK (occurrence > 0),
    application     text NULL,
    sub_application text NULL,
    mem_name        text NULL,
    mem_lib         text NULL,
    node_id         text NULL,
    run_as          text NULL,
    task_type       text NULL,
    cmd_line        text NULL,
    description     text NULL,
    is_cyclic       boolean NOT NULL DEFAULT false,
    interval        text NULL,
    priority        text NULL,
    is_critical     boolean NOT NULL DEFAULT false,
    days_calendar   text NULL,
    weeks_calendar  text NULL,
    from_time       text NULL,
    to_time         text NULL,
    is_active       boolean NOT NULL DEFAULT true,
    variables       jsonb NOT NULL DEFAULT '[]',
    attributes      jsonb NOT NULL DEFAULT '{}',
    -- SHA-256 of the job's whole definition as imported: an unchanged job is recognised without comparing its fields.
    definition_sha256 text NOT NULL,
    -- The script names the job runs, as Scripts' name keys (ScriptNames.Key: lower case, no script extension), derived on
    -- import: memName's file name, and every script file named in cmdLine. The auto-link and the suggestions join them
    -- with script_name_keys.
    mem_name_key    text NULL,
    command_script_keys text[] NOT NULL DEFAULT '{}',
    -- The script the job runs; written only by Control-M (docs/architecture.md). The set-null is a backstop: a script's
    -- delete unlinks its jobs itself, so that it can audit them.
    script_id       uuid NULL REFERENCES scripts (id) ON DELETE SET NULL,
    version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by      text NULL,
    updated_by      text NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    search_text     text NOT NULL GENERATED ALWAYS AS (lower(job_name || chr(31) || coalesce(description, '') || chr(31)
                        || coalesce(mem_name, '') || chr(31) || coalesce(cmd_line, ''))) STORED
);
CREATE UNIQUE INDEX ux_controlm_jobs_identity ON controlm_jobs (datacenter, folder, job_name, occurrence);
-- The list's sorts: by folder (the default), by name, by last change; each ends in the identity, so a page is stable.
CREATE INDEX ix_controlm_jobs_folder ON controlm_jobs (folder, job_name, occurrence, datacenter);
CREATE INDEX ix_controlm_jobs_name ON controlm_jobs (job_name, folder, occurrence, datacenter);
CREATE INDEX ix_controlm_jobs_updated ON controlm_jobs (updated_at, id);
CREATE INDEX ix_controlm_jobs_application ON controlm_jobs (application);
CREATE INDEX ix_controlm_jobs_node ON controlm_jobs (node_id);
CREATE INDEX ix_controlm_jobs_script ON controlm_jobs (script_id) WHERE script_id IS NOT NULL;
CREATE INDEX ix_controlm_jobs_mem_name_key ON controlm_jobs (mem_name_key) WHERE mem_name_key IS NOT NULL;
CREATE INDEX ix_controlm_jobs_command_keys ON controlm_jobs USING gin (command_script_keys);
CREATE INDEX ix_controlm_jobs_search ON controlm_jobs USING gin (search_text gin_trgm_ops);

-- One row per condition a job waits for ('in') or posts or deletes ('out'). An edge A → B is A posting ('+') a name that B
-- waits for: the two partial indexes below are the two sides of that join.
CREATE TABLE controlm_conditions (
    job_id          uuid NOT NULL REFERENCES controlm_jobs (id) ON DELETE CASCADE,
    ordinal         integer NOT NULL,
    direction       text NOT NULL CHECK (direction IN ('in', 'out')),
    name            text NOT NULL,
    odate           text NULL,
    sign            text NULL CHECK (sign IN ('+', '-')),
    and_or          text NULL CHECK (and_or IN ('and', 'or')),
    bracket         text NULL CHECK (bracket IN ('(', ')')),
    conditional     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (job_id, ordinal)
);
CREATE INDEX ix_controlm_conditions_waits ON controlm_conditions (name) WHERE direction = 'in';
CREATE INDEX ix_controlm_conditions_posts ON controlm_conditions (name) WHERE direction = 'out' AND sign = '+';

-- Automation API Flow sequences (and CSV "Depends On"): order dependencies between jobs of one folder, by name.
CREATE TABLE controlm_flow_edges (
    datacenter      text NOT NULL,
    folder          text NOT NULL,
    from_name       text NOT NULL,
    to_name         text NOT NULL,
    PRIMARY KEY (datacenter, folder, from_name, to_name)
);
