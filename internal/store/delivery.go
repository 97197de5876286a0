package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// InsertDelivery records a message to send; it returns false, writing
// nothing, when one with the same key exists.
func (tx *Tx) InsertDelivery(ctx context.Context, d *model.Delivery) (bool, error) {
	ids, err := json.Marshal(d.Notices)
	if err != nil {
		return false, err
	}
	now := tx.now.UnixMilli()
	err = tx.queryRow(ctx, `INSERT INTO deliveries (key, channel, target, day, notices, state, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
		d.Key, d.Channel, d.Target, int64(d.Day), string(ids), d.NextAt.UnixMilli(), now).Scan(&d.ID)
	if err == sql.ErrNoRows {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("store: insert delivery: %w", err)
	}
	d.State, d.Created = model.DeliveryPending, msTime(now)
	return true, nil
}

const deliveryCols = `id, key, channel, target, day, notices, state, attempts, next_at, last_error, lease_owner, lease_until, coalesce(sent_at, 0), created_at`

func scanDelivery(sc interface{ Scan(...any) error }) (model.Delivery, error) {
	var d model.Delivery
	var ids string
	var next, until, sent, created int64
	if err := sc.Scan(&d.ID, &d.Key, &d.Channel, &d.Target, &d.Day, &ids, &d.State, &d.Attempts, &next, &d.LastError,
		&d.LeaseOwner, &until, &sent, &created); err != nil {
		return d, err
	}
	d.NextAt, d.LeaseUntil, d.Created = msTime(next), msTime(until), msTime(created)
	if sent != 0 {
		d.SentAt = msTime(sent)
	}
	if err := json.Unmarshal([]byte(ids), &d.Notices); err != nil {
		return d, fmt.Errorf("store: notices of delivery %d: %w", d.ID, err)
	}
	return d, nil
}

// DeliveriesDue reports whether any delivery is waiting to be sent at now,
// read without a write transaction, so an idle scheduler writes nothing.
func (q Queries) DeliveriesDue(ctx context.Context, now time.Time) (bool, error) {
	var one int
	err := q.queryRow(ctx, `SELECT 1 FROM deliveries WHERE state = 'pending' AND next_at <= ? AND lease_until < ? LIMIT 1`,
		now.UnixMilli(), now.UnixMilli()).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// ClaimDeliveries leases up to limit pending deliveries that are due at now
// and not leased by anyone, for owner until now+lease. Servers claiming at
// once get different rows: PostgreSQL skips rows another claim has locked,
// SQLite's one writer claims in turn.
func (tx *Tx) ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]model.Delivery, error) {
	ms := now.UnixMilli()
	rows, err := tx.query(ctx, `UPDATE deliveries SET lease_owner = ?, lease_until = ?
		WHERE id IN (SELECT id FROM deliveries WHERE state = 'pending' AND next_at <= ? AND lease_until < ?
			ORDER BY next_at, id LIMIT `+strconv.Itoa(limit)+tx.d.skipLocked+`)
		RETURNING `+deliveryCols, owner, now.Add(lease).UnixMilli(), ms, ms)
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	defer rows.Close()
	var out []model.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FinishDelivery records the outcome of owner's attempt at a delivery it
// leased: sent, or failed with errText and then pending again at next, or
// failed for good when next is zero. It reports false when owner no longer
// held the lease (it expired and another server took the row).
func (tx *Tx) FinishDelivery(ctx context.Context, id int64, owner string, errText string, next time.Time) (bool, error) {
	var res sql.Result
	var err error
	switch {
	case errText == "":
		res, err = tx.exec(ctx, `UPDATE deliveries SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '',
			lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ? AND state = 'pending'`, tx.now.UnixMilli(), id, owner)
	case next.IsZero():
		res, err = tx.exec(ctx, `UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?,
			lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ? AND state = 'pending'`, errText, id, owner)
	default:
		res, err = tx.exec(ctx, `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_at = ?,
			lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ? AND state = 'pending'`, errText, next.UnixMilli(), id, owner)
	}
	if err != nil {
		return false, fmt.Errorf("store: finish delivery %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RetryDelivery makes a failed delivery pending again at now with its
// attempts reset.
func (tx *Tx) RetryDelivery(ctx context.Context, id int64, now time.Time) (model.Delivery, error) {
	d, err := scanDelivery(tx.queryRow(ctx, `SELECT `+deliveryCols+` FROM deliveries WHERE id = ?`, id))
	if err != nil {
		return d, notFound(err, "delivery", id)
	}
	if d.State != model.DeliveryFailed {
		return d, model.Errorf(model.ECONFLICT, "delivery %d is %s, not failed", id, d.State)
	}
	_, err = tx.exec(ctx, `UPDATE deliveries SET state = 'pending', attempts = 0, next_at = ?, lease_owner = '', lease_until = 0 WHERE id = ?`,
		now.UnixMilli(), id)
	d.State, d.Attempts, d.NextAt = model.DeliveryPending, 0, now
	return d, err
}

// A page of deliveries holds DefaultDeliveryLimit deliveries unless the
// caller asks for another number, at most MaxDeliveryLimit; more is refused.
const (
	DefaultDeliveryLimit = 100
	MaxDeliveryLimit     = 500
)

// Deliveries lists deliveries, newest first, of one state or all, with an
// id below before (0: from the newest). limit is at most MaxDeliveryLimit+1,
// so a caller showing pages of MaxDeliveryLimit can ask for one more to
// learn whether another follows; 0 means DefaultDeliveryLimit.
func (q Queries) Deliveries(ctx context.Context, state string, before int64, limit int) ([]model.Delivery, error) {
	limit, err := model.PageLimit(limit, DefaultDeliveryLimit, MaxDeliveryLimit+1)
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if state != "" {
		where, args = append(where, `state = ?`), append(args, state)
	}
	if before > 0 {
		where, args = append(where, `id < ?`), append(args, before)
	}
	rows, err := q.query(ctx, `SELECT `+deliveryCols+` FROM deliveries`+joinWhere(where)+` ORDER BY id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	defer rows.Close()
	out := []model.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeliveryCounts counts deliveries by state.
func (q Queries) DeliveryCounts(ctx context.Context) (map[string]int, error) {
	return q.counts(ctx, `SELECT state, COUNT(*) FROM deliveries GROUP BY state`)
}
