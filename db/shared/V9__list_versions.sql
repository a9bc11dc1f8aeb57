-- A version for each family of tables a list answer is read from, raised by every statement that writes one of them,
-- in the writer's transaction: an instance that keeps an answer can tell with one read of this small table whether the
-- answer is still current, and every instance sees the change exactly when the write commits. (A sequence would move
-- before the commit is visible, so an answer built from the old rows could be kept under the new number.)
-- Like list_totals, writers of one family meet on its row at the end of each statement; script writes are short and
-- Control-M writes already take the catalog's advisory lock.
-- `catalog` tells databases apart: an instance moved to another database (or a re-created one) must not take its
-- versions, which start again at 0, for the ones it kept answers under.
CREATE TABLE list_versions (
    family   text PRIMARY KEY,
    version  bigint NOT NULL,
    catalog  uuid NOT NULL
);
INSERT INTO list_versions (family, version, catalog)
SELECT family, 0, catalog FROM unnest(ARRAY['scripts', 'controlm_jobs']) family, (SELECT gen_random_uuid() AS catalog) c;

CREATE FUNCTION list_versions_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE family = TG_ARGV[0];
    RETURN NULL;
END $$;

-- A script page shows each script with its mappings, tags, references (resolved by name) and linked jobs.
CREATE TRIGGER scripts_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON scripts
    FOR EACH STATEMENT EXECUTE FUNCTION list_versions_raise('scripts');
CREATE TRIGGER script_tags_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON script_tags
    FOR EACH STATEMENT EXECUTE FUNCTION list_versions_raise('scripts');
CREATE TRIGGER script_tag_links_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON script_tag_links
    FOR EACH STATEMENT EXECUTE FUNCTION list_versions_raise('scripts');
CREATE TRIGGER script_drive_mappings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON script_drive_mappings
    FOR EACH STATEMENT EXECUTE FUNCTION list_versions_raise('scripts');
CREATE TRIGGER script_references_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON script_references
    FOR EACH STATEMENT EXECUTE FUNCTION list_versions_raise('scripts');
CREATE TRIGGER controlm_jobs_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON controlm_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION list_versions_raise('controlm_jobs');
