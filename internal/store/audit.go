package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// The audit trail is a hash chain (migration 0014): every event has a place
// seq (1, 2, 3… without gaps), the hash of the event before it and its own
// hash, model.AuditHash. The chain's head (the last seq and hash) is one row
// of audit_chain that the transaction writing an event locks, reads and
// moves, so that:
//   - on PostgreSQL, servers writing at once chain one after another in the
//     order they commit (the row lock is held to the end of the transaction);
//   - on SQLite, where group commit runs several changes in one transaction,
//     each in a savepoint, a change that fails rolls its head move back with
//     its event, and the next change chains on from the event before.
//
// The row is read once per transaction and written once, before it commits;
// in between the head moves in memory (deferred.go).
//
// The application never changes or deletes an event; the one exception is
// PurgeAudit, the retention purge, which removes the oldest events and
// records that it did as an event of its own. TestAuditRowsOnlyPurged keeps
// it so.

// lockHead returns the seq and hash of the chain's last event (0 and
// model.GenesisHash before the first), locked for this transaction. The
// head row is created with the first event, so that a fresh database holds
// no rows and CopyAll can fill it. How the row is held differs by engine:
// see dialect.lockAuditHead. The row is read once per transaction; later
// changes in it take the head as the transaction moved it (deferred.go).
func (tx *Tx) lockHead(ctx context.Context) (seq int64, hash string, err error) {
	h := &tx.later.head
	if h.read {
		return h.seq, h.hash, nil
	}
	exists := true
	err = tx.d.lockAuditHead(ctx, tx, &seq, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		seq, hash, exists = 0, model.GenesisHash, false
	case err != nil:
		return 0, "", fmt.Errorf("store: audit chain head: %w", err)
	}
	*h = chainHead{read: true, seq: seq, hash: hash, exists: exists}
	return seq, hash, nil
}

// moveHead moves the chain's head to seq and hash; the row is written
// when the transaction finishes (deferred.go).
func (tx *Tx) moveHead(seq int64, hash string) {
	h := &tx.later.head
	h.seq, h.hash, h.moved = seq, hash, true
}

// InsertAudit records one audit event as the next link of the chain.
func (tx *Tx) InsertAudit(ctx context.Context, ev model.AuditEvent) error {
	seq, prev, err := tx.lockHead(ctx)
	if err != nil {
		return err
	}
	ev.Seq, ev.PrevHash = seq+1, prev
	ev.Hash = model.AuditHash(prev, ev)
	_, err = tx.exec(ctx, `INSERT INTO audit_events (seq, prev_hash, hash, at, actor, action, entity, entity_id, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.Seq, ev.PrevHash, ev.Hash, ev.At.UnixMilli(), ev.Actor, ev.Action, ev.Entity, ev.EntityID, ev.Before, ev.After)
	if err != nil {
		return fmt.Errorf("store: audit event: %w", err)
	}
	tx.moveHead(ev.Seq, ev.Hash)
	return nil
}

// sealBatch is how many events SealAudit chains per UPDATE.
const sealBatch = 500

// SealAudit chains the events that have no place in the chain yet (seq is
// NULL), in id order after the current head, and returns how many it
// sealed. Migration 0014 runs it over the events written before the chain
// existed, and bulk loaders (FinishBulkLoad) over the rows they inserted
// themselves. Sealing fills in seq, prev_hash and hash only; the triggers of
// 0014 refuse any other change, and any change at all to a sealed event.
func (tx *Tx) SealAudit(ctx context.Context) (int64, error) {
	// Nothing to seal leaves the head alone: a fresh database keeps an
	// empty audit_chain, so that CopyAll can fill it.
	var unsealed sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT min(id) FROM audit_events WHERE seq IS NULL`).Scan(&unsealed); err != nil || !unsealed.Valid {
		return 0, err
	}
	seq, prev, err := tx.lockHead(ctx)
	if err != nil {
		return 0, err
	}
	var sealed, after int64
	for {
		rows, err := tx.query(ctx, `SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_events
			WHERE seq IS NULL AND id > ? ORDER BY id LIMIT ?`, after, sealBatch)
		if err != nil {
			return sealed, fmt.Errorf("store: seal audit events: %w", err)
		}
		var batch []model.AuditEvent
		for rows.Next() {
			var ev model.AuditEvent
			var at int64
			if err := rows.Scan(&ev.ID, &at, &ev.Actor, &ev.Action, &ev.Entity, &ev.EntityID, &ev.Before, &ev.After); err != nil {
				rows.Close()
				return sealed, fmt.Errorf("store: seal audit events: %w", err)
			}
			ev.At = msTime(at)
			batch = append(batch, ev)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sealed, fmt.Errorf("store: seal audit events: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		// One UPDATE … FROM (VALUES …) per batch; both engines name the
		// columns of a VALUES list column1, column2…
		var b strings.Builder
		b.WriteString(`UPDATE audit_events SET seq = v.column2, prev_hash = v.column3, hash = v.column4 FROM (VALUES `)
		args := make([]any, 0, 4*len(batch))
		for i := range batch {
			ev := &batch[i]
			seq++
			ev.Seq, ev.PrevHash = seq, prev
			ev.Hash = model.AuditHash(prev, *ev)
			prev = ev.Hash
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`(CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?)`)
			args = append(args, ev.ID, ev.Seq, ev.PrevHash, ev.Hash)
		}
		b.WriteString(`) AS v WHERE audit_events.id = v.column1`)
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return sealed, fmt.Errorf("store: seal audit events: %w", err)
		}
		sealed += int64(len(batch))
		after = batch[len(batch)-1].ID
	}
	if sealed == 0 {
		return 0, nil
	}
	tx.moveHead(seq, prev)
	return sealed, nil
}

const auditColumns = `id, seq, prev_hash, hash, at, actor, action, entity, entity_id, before, after`

func scanAudit(rows *sql.Rows) (model.AuditEvent, error) {
	var ev model.AuditEvent
	var at int64
	var seq sql.NullInt64
	err := rows.Scan(&ev.ID, &seq, &ev.PrevHash, &ev.Hash, &at, &ev.Actor, &ev.Action, &ev.Entity, &ev.EntityID, &ev.Before, &ev.After)
	ev.At, ev.Seq = msTime(at), seq.Int64
	return ev, err
}

// AuditEvents lists the events of one entity, newest first.
func (q Queries) AuditEvents(ctx context.Context, entity, id string, limit int) ([]model.AuditEvent, error) {
	rows, err := q.query(ctx, `SELECT `+auditColumns+` FROM audit_events
		WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?`, entity, id, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.AuditEvent
	for rows.Next() {
		ev, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// CountAuditRange counts the events at or after from and before to.
func (q Queries) CountAuditRange(ctx context.Context, from, to time.Time) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT count(*) FROM audit_events WHERE at >= ? AND at < ?`, from.UnixMilli(), to.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count audit events: %w", err)
	}
	return n, nil
}

// AuditRange hands fn the events at or after from and before to, in chain
// order, one at a time: a large range streams rather than loading.
func (q Queries) AuditRange(ctx context.Context, from, to time.Time, fn func(model.AuditEvent) error) error {
	rows, err := q.query(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE at >= ? AND at < ? ORDER BY seq, id`,
		from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("store: audit events: %w", err)
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PurgeAudit is the retention purge: it deletes the events written before
// cutoff from the start of the chain and records an event saying how many
// and up to which seq, with the last one's hash, so the chain shows the
// purge and verification can check its new start. It is the only code that
// deletes audit events. A purge never opens a hole in the chain: it stops
// before the first event written at or after cutoff, even if a later seq was
// written earlier (two servers' clocks, or transactions that began in one
// order and committed in the other). Nothing older: no event, zero result.
func (tx *Tx) PurgeAudit(ctx context.Context, cutoff time.Time, actor string, retentionDays int) (model.AuditPurge, error) {
	p := model.AuditPurge{Before: cutoff.UTC().Format(time.RFC3339), RetentionDays: retentionDays}
	var through, first sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT min(seq) FROM audit_events`).Scan(&first); err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	if !first.Valid {
		return p, nil
	}
	// The chain's events before the first one written at or after cutoff
	// (found through audit_events_at, not by walking the chain back from
	// its end: that read every event kept, 79 ms a day on the large
	// institution with nothing to purge) are the ones to go, but for those
	// the check below finds written later.
	var kept sql.NullInt64
	err := tx.queryRow(ctx, `SELECT seq FROM audit_events WHERE at >= ? ORDER BY at LIMIT 1`, cutoff.UnixMilli()).Scan(&kept)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.queryRow(ctx, `SELECT max(seq) FROM audit_events`).Scan(&through)
	case err == nil:
		through = sql.NullInt64{Int64: kept.Int64 - 1, Valid: true}
	}
	if err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	if first.Int64 > through.Int64 {
		return p, nil
	}
	var younger sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT min(seq) FROM audit_events WHERE seq <= ? AND at >= ?`, through.Int64, cutoff.UnixMilli()).Scan(&younger); err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	if younger.Valid {
		through.Int64 = younger.Int64 - 1
	}
	if first.Int64 > through.Int64 {
		return p, nil
	}
	p.FromSeq, p.ThroughSeq = first.Int64, through.Int64
	if err := tx.queryRow(ctx, `SELECT hash FROM audit_events WHERE seq = ?`, p.ThroughSeq).Scan(&p.LastHash); err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	// The trigger of migration 0014 lets only the purge delete.
	if err := tx.d.allowAuditPurge(ctx, tx, true); err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM audit_events WHERE seq <= ?`, p.ThroughSeq)
	if err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	if p.Deleted, err = res.RowsAffected(); err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	if err := tx.d.allowAuditPurge(ctx, tx, false); err != nil {
		return p, fmt.Errorf("store: audit purge: %w", err)
	}
	after, _ := json.Marshal(p)
	return p, tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: actor, Action: model.AuditPurgeAction,
		Entity: model.AuditPurgeEntity, EntityID: model.AuditPurgeEntityID, After: string(after)})
}

// VerifyAudit walks the whole chain in seq order, recomputes every hash and
// checks every link, and reports the first broken one. It reads one
// snapshot and streams the events, so its memory does not grow with the
// chain. Events before the first one kept are gone after a retention purge:
// the first event's prev_hash is then the anchor, and it must be the
// last_hash a purge event in the chain recorded for exactly those events.
func (s *Store) VerifyAudit(ctx context.Context) (model.AuditCheck, error) {
	t, err := s.read.BeginTx(ctx, s.d.snapshotRead())
	if err != nil {
		return model.AuditCheck{}, fmt.Errorf("store: verify audit: %w", err)
	}
	defer t.Rollback()
	q := Queries{q: t, d: s.d}
	var c model.AuditCheck
	brk := func(seq, id int64, kind, format string, args ...any) {
		if c.Broken == nil {
			c.Broken = &model.AuditBreak{Seq: seq, ID: id, Kind: kind, Detail: fmt.Sprintf(format, args...)}
		}
	}
	// Where a purge event says the chain may start, and with which hash.
	purges := map[int64]struct {
		seq  int64
		hash string
	}{}
	var last model.AuditEvent
	rows, err := q.query(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE seq IS NOT NULL ORDER BY seq`)
	if err != nil {
		return c, fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := scanAudit(rows)
		if err != nil {
			return c, fmt.Errorf("store: verify audit: %w", err)
		}
		c.Events++
		if c.Events == 1 {
			c.First, c.Anchor = ev.Seq, ev.PrevHash
			if ev.Seq == 1 && ev.PrevHash != model.GenesisHash {
				brk(ev.Seq, ev.ID, "prev_hash", "seq 1 (event id %d): prev_hash %s is not the chain's start %s", ev.ID, ev.PrevHash, model.GenesisHash)
			}
		} else {
			switch {
			case ev.Seq != last.Seq+1:
				brk(ev.Seq, ev.ID, "gap", "seq %d (event id %d) follows seq %d: %d event(s) missing between them", ev.Seq, ev.ID, last.Seq, ev.Seq-last.Seq-1)
			case ev.PrevHash != last.Hash:
				brk(ev.Seq, ev.ID, "prev_hash", "seq %d (event id %d): prev_hash %s is not the hash of seq %d (%s)", ev.Seq, ev.ID, ev.PrevHash, last.Seq, last.Hash)
			}
		}
		if h := model.AuditHash(ev.PrevHash, ev); h != ev.Hash {
			brk(ev.Seq, ev.ID, "hash", "seq %d (event id %d): its content hashes to %s, not to the stored hash %s: the event was changed after it was written",
				ev.Seq, ev.ID, h, ev.Hash)
		}
		if ev.Action == model.AuditPurgeAction && ev.Entity == model.AuditPurgeEntity {
			var p model.AuditPurge
			if json.Unmarshal([]byte(ev.After), &p) == nil && p.ThroughSeq > 0 {
				purges[p.ThroughSeq+1] = struct {
					seq  int64
					hash string
				}{ev.Seq, p.LastHash}
			}
		}
		last = ev
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("store: verify audit: %w", err)
	}
	c.Last = last.Seq
	if c.First > 1 {
		p, ok := purges[c.First]
		switch {
		case !ok:
			// Before every other break: it is the earliest link.
			c.Broken = nil
			brk(c.First, 0, "anchor", "the chain starts at seq %d, but no retention purge recorded removing the events before it: events were deleted from the start", c.First)
		case p.hash != c.Anchor:
			c.Broken = nil
			brk(c.First, 0, "anchor", "seq %d: prev_hash %s is not the last hash %s the retention purge (seq %d) recorded", c.First, c.Anchor, p.hash, p.seq)
		default:
			c.PurgedBy = p.seq
		}
	}
	var unsealed, firstUnsealed sql.NullInt64
	if err := q.queryRow(ctx, `SELECT count(*), min(id) FROM audit_events WHERE seq IS NULL`).Scan(&unsealed, &firstUnsealed); err != nil {
		return c, fmt.Errorf("store: verify audit: %w", err)
	}
	if unsealed.Int64 > 0 {
		brk(0, firstUnsealed.Int64, "unsealed", "%d event(s) have no place in the chain (seq is empty), the first event id %d: they were written around it", unsealed.Int64, firstUnsealed.Int64)
	}
	var head struct {
		seq  int64
		hash string
	}
	err = q.queryRow(ctx, `SELECT seq, hash FROM audit_chain WHERE id = 1`).Scan(&head.seq, &head.hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if c.Events > 0 {
			brk(c.Last, last.ID, "head", "the chain's head (table audit_chain) is missing, but %d events are chained", c.Events)
		}
	case err != nil:
		return c, fmt.Errorf("store: verify audit: %w", err)
	case head.seq != c.Last || (c.Events > 0 && head.hash != last.Hash):
		at := "no event"
		if c.Events > 0 {
			at = "seq " + strconv.FormatInt(c.Last, 10) + " (" + last.Hash + ")"
		}
		brk(c.Last, last.ID, "head", "the chain's head records seq %d (%s), but the last event is %s: events were deleted from the end", head.seq, head.hash, at)
	}
	return c, nil
}

// Tamper runs stmts in one transaction around the audit events' guard, the
// way an insider with the database owner's rights could change the chain
// behind the application's back. It exists for the tests that show
// verification finds such a change; nothing in luoshi calls it. Its
// statements write the rows directly, behind the head a transaction keeps
// in memory (deferred.go): it must not share a batch with InsertAudit, and
// the tests run it alone.
func (s *Store) Tamper(ctx context.Context, stmts ...string) error {
	return s.Write(ctx, func(tx *Tx) error {
		for _, q := range append([]string{tx.d.unsealAuditSQL}, stmts...) {
			if err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		if tx.d.resealAuditSQL == "" {
			return nil
		}
		return tx.Exec(ctx, tx.d.resealAuditSQL)
	})
}
