package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const webhookCols = `id, name, kind, url, secret, units, enabled, created_at`

func scanWebhook(sc interface{ Scan(...any) error }) (model.Webhook, error) {
	var w model.Webhook
	var units string
	var at int64
	err := sc.Scan(&w.ID, &w.Name, &w.Kind, &w.URL, &w.Secret, &units, &w.Enabled, &at)
	w.Created = msTime(at)
	w.Units = splitUnits(units)
	return w, err
}

func splitUnits(s string) []string {
	out := []string{}
	for _, u := range strings.Split(s, ",") {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// Webhooks lists the configured webhooks by id.
func (q Queries) Webhooks(ctx context.Context) ([]model.Webhook, error) {
	rows, err := q.query(ctx, `SELECT `+webhookCols+` FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	defer rows.Close()
	out := []model.Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Webhook returns one webhook.
func (q Queries) Webhook(ctx context.Context, id int64) (model.Webhook, error) {
	w, err := scanWebhook(q.queryRow(ctx, `SELECT `+webhookCols+` FROM webhooks WHERE id = ?`, id))
	if err != nil {
		return w, notFound(err, "webhook", id)
	}
	return w, nil
}

// SaveWebhook inserts a webhook (ID 0) or updates one.
func (tx *Tx) SaveWebhook(ctx context.Context, w *model.Webhook) error {
	units := strings.Join(w.Units, ",")
	if w.ID == 0 {
		w.Created = msTime(tx.now.UnixMilli())
		return tx.queryRow(ctx, `INSERT INTO webhooks (name, kind, url, secret, units, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			w.Name, w.Kind, w.URL, w.Secret, units, b2i(w.Enabled), tx.now.UnixMilli()).Scan(&w.ID)
	}
	res, err := tx.exec(ctx, `UPDATE webhooks SET name = ?, kind = ?, url = ?, secret = ?, units = ?, enabled = ? WHERE id = ?`,
		w.Name, w.Kind, w.URL, w.Secret, units, b2i(w.Enabled), w.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "webhook %d not found", w.ID)
	}
	return nil
}

// DeleteWebhook removes a webhook; its past deliveries stay as they were.
func (tx *Tx) DeleteWebhook(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "webhook %d not found", id)
	}
	return nil
}
