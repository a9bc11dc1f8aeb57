-- The team must always keep an active account holding rbac:manage, whichever instance or slice makes the change
-- (deactivating a user, removing a role from a user, taking a permission from a role). Checked at commit by deferred
-- constraint triggers, serialised by an advisory lock so that two concurrent changes cannot each remove "the other"
-- last admin. Violations raise SQLSTATE WO001, which the API answers with 409 LAST_ADMIN.

CREATE FUNCTION keep_an_rbac_manager() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7310021, 3);
    IF EXISTS (SELECT 1 FROM team_users)
       AND NOT EXISTS (
           SELECT 1
           FROM team_users u
           JOIN user_roles ur ON ur.user_id = u.id
           JOIN role_permissions rp ON rp.role_id = ur.role_id
           WHERE u.is_active AND rp.permission = 'rbac:manage') THEN
        RAISE EXCEPTION 'the team would be left without an active holder of rbac:manage' USING ERRCODE = 'WO001';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER team_users_keep_an_rbac_manager
    AFTER UPDATE OF is_active OR DELETE ON team_users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION keep_an_rbac_manager();

CREATE CONSTRAINT TRIGGER user_roles_keep_an_rbac_manager
    AFTER UPDATE OR DELETE ON user_roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION keep_an_rbac_manager();

CREATE CONSTRAINT TRIGGER role_permissions_keep_an_rbac_manager
    AFTER UPDATE OR DELETE ON role_permissions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION keep_an_rbac_manager();
