-- 0014: the audit trail becomes a hash chain (issue 9). Each event gets its
-- place in the chain (seq, 1, 2, 3… with no gaps), the hash of the event
-- before it (prev_hash) and its own hash (see model.AuditHash for the exact
-- encoding). Events written before this migration are sealed into the chain
-- in id order by Go code run in the same transaction (store.SealAudit), as
-- SQLite cannot hash in SQL. seq stays NULL only until then.
ALTER TABLE audit_events ADD COLUMN seq BIGINT;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_events_seq ON audit_events(seq);
-- The auditors' export and the retention purge select by time.
CREATE INDEX audit_events_at ON audit_events(at);

-- The chain's head: the last event's seq and hash, in one row (id 1) that
-- every writer of an event locks and moves in its own transaction, so
-- servers writing at once chain their events one after another. The row is
-- created with the first event, so a fresh database holds no rows and
-- `luoshi migrate --from` can copy one in.
CREATE TABLE audit_chain (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);

-- A sealed event never changes; sealing may only fill in the chain columns
-- of an event that has none. Events are deleted only by the retention
-- purge, which says so with SET LOCAL luoshi.audit_purge = 'on' in its own
-- transaction (store.PurgeAudit). TRUNCATE is refused outright. The table's
-- owner can still disable these triggers: the chain is what shows that.
CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.seq IS NOT NULL OR NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
            OR NEW.actor IS DISTINCT FROM OLD.actor OR NEW.action IS DISTINCT FROM OLD.action
            OR NEW.entity IS DISTINCT FROM OLD.entity OR NEW.entity_id IS DISTINCT FROM OLD.entity_id
            OR NEW.before IS DISTINCT FROM OLD.before OR NEW.after IS DISTINCT FROM OLD.after THEN
            RAISE EXCEPTION 'audit events cannot be changed (event id %)', OLD.id;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('luoshi.audit_purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are deleted only by the retention purge';
END
$$;
CREATE TRIGGER audit_events_guard BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();
