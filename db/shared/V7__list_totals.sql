-- The unfiltered totals of the two big lists (scripts, Control-M jobs), kept by statement triggers in the same
-- transaction as the write: exact, nothing to invalidate, and one row to read instead of counting every index entry
-- on every call (10,000 scripts cost ~2 ms a count, 100,000 jobs ~25 ms). A filtered list still counts its matches.
-- Writers of one table meet on its row only at the end of their statement; Control-M writes already take the catalog's
-- advisory lock, and script writes are short.
CREATE TABLE list_totals (
    table_name  text PRIMARY KEY,
    total       bigint NOT NULL CHECK (total >= 0)
);

CREATE FUNCTION list_totals_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE list_totals SET total = total + (SELECT count(*) FROM changed_rows) WHERE table_name = TG_TABLE_NAME;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE list_totals SET total = total - (SELECT count(*) FROM changed_rows) WHERE table_name = TG_TABLE_NAME;
    ELSE -- TRUNCATE
        UPDATE list_totals SET total = 0 WHERE table_name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;

-- An INSERT … ON CONFLICT DO UPDATE hands the insert trigger only the rows it inserted.
CREATE TRIGGER scripts_total_insert AFTER INSERT ON scripts REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_totals_count();
CREATE TRIGGER scripts_total_delete AFTER DELETE ON scripts REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_totals_count();
CREATE TRIGGER scripts_total_truncate AFTER TRUNCATE ON scripts
    FOR EACH STATEMENT EXECUTE FUNCTION list_totals_count();
CREATE TRIGGER controlm_jobs_total_insert AFTER INSERT ON controlm_jobs REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_totals_count();
CREATE TRIGGER controlm_jobs_total_delete AFTER DELETE ON controlm_jobs REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_totals_count();
CREATE TRIGGER controlm_jobs_total_truncate AFTER TRUNCATE ON controlm_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION list_totals_count();

INSERT INTO list_totals (table_name, total)
SELECT 'scripts', count(*) FROM scripts
UNION ALL
SELECT 'controlm_jobs', count(*) FROM controlm_jobs;
