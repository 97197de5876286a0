package store

import (
	"context"
)

// AccountSource returns where an account's identity is checked: "local"
// or the identity service that created it ("cas", "oidc", "ldap").
func (q Queries) AccountSource(ctx context.Context, username string) (string, error) {
	var s string
	err := q.queryRow(ctx, `SELECT source FROM accounts WHERE username = ?`, username).Scan(&s)
	if err != nil {
		return "", notFound(err, "account", username)
	}
	return s, nil
}

// SetAccountSource records which identity service created an account.
func (tx *Tx) SetAccountSource(ctx context.Context, id int64, source string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET source = ? WHERE id = ?`, source, id)
	return err
}
