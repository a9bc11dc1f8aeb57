-- GET /api/v1/users searches username, e-mail and display name for a substring, case-insensitively. A substring match
-- scans the table whatever the index; what made that scan slow was folding the case of three columns on every row
-- (lower() or ILIKE: 4-10x the cost of the scan itself at 10,000 accounts, docs/benchmarks.md "Users search").
-- Keep the folded text instead: computed on write, compared with a plain LIKE. The unit separator (chr(31)) keeps a
-- match from spanning two fields; the API refuses control characters in a search.
ALTER TABLE team_users ADD COLUMN search_text text NOT NULL
    GENERATED ALWAYS AS (lower(username || chr(31) || email || chr(31) || display_name)) STORED;
