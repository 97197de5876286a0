-- 0014: the audit trail becomes a hash chain (issue 9). Each event gets its
-- place in the chain (seq, 1, 2, 3… with no gaps), the hash of the event
-- before it (prev_hash) and its own hash (see model.AuditHash for the exact
-- encoding). Events written before this migration are sealed into the chain
-- in id order by Go code run in the same transaction (store.SealAudit), as
-- SQLite cannot hash in SQL. seq stays NULL only until then.
ALTER TABLE audit_events ADD COLUMN seq INTEGER;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_events_seq ON audit_events(seq);
-- The auditors' export and the retention purge select by time.
CREATE INDEX audit_events_at ON audit_events(at);

-- The chain's head: the last event's seq and hash, in one row (id 1) that
-- every writer of an event reads and moves in its own transaction. On
-- PostgreSQL the row lock orders concurrent writers; SQLite has one writer.
-- The row is created with the first event, so a fresh database holds no
-- rows and `luoshi migrate --from` can copy one in.
CREATE TABLE audit_chain (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);

-- A sealed event never changes. Sealing may only fill in the chain columns
-- of an event that has none. (Deleting is left to the retention purge;
-- SQLite has no session setting to tell it from other deletes, and the
-- chain shows any delete anyway.)
CREATE TRIGGER audit_events_sealed BEFORE UPDATE ON audit_events
WHEN OLD.seq IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
    OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id
    OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
BEGIN
    SELECT RAISE(ABORT, 'audit events cannot be changed');
END;
