package store

import (
	"context"
	"database/sql"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const accountCols = `a.id, a.username, a.role, coalesce(a.unit, ''), a.name, coalesce(a.person_id, 0), a.email, a.lang, a.disabled, a.must_change_password`

func scanAccount(sc interface{ Scan(...any) error }) (model.Account, error) {
	var a model.Account
	err := sc.Scan(&a.ID, &a.Username, &a.Role, &a.Unit, &a.Name, &a.PersonID, &a.Email, &a.Lang, &a.Disabled, &a.MustChangePassword)
	return a, err
}

// AccountFilter narrows an account list; zero fields select all.
type AccountFilter struct {
	Role      string
	Unit      string
	Usernames []string
}

// Accounts lists every account by username.
func (q Queries) Accounts(ctx context.Context) ([]model.Account, error) {
	return q.AccountsBy(ctx, AccountFilter{})
}

// AccountsBy lists the accounts a filter selects, by username, without
// reading the others (an institution may have thousands).
func (q Queries) AccountsBy(ctx context.Context, f AccountFilter) ([]model.Account, error) {
	var where []string
	var args []any
	if f.Role != "" {
		where, args = append(where, `a.role = ?`), append(args, f.Role)
	}
	if f.Unit != "" {
		where, args = append(where, `a.unit = ?`), append(args, f.Unit)
	}
	if f.Usernames != nil {
		if len(f.Usernames) == 0 {
			return nil, nil
		}
		marks := marks(len(f.Usernames))
		where = append(where, `a.username IN (`+marks+`)`)
		for _, u := range f.Usernames {
			args = append(args, u)
		}
	}
	rows, err := q.query(ctx, `SELECT `+accountCols+` FROM accounts a`+joinWhere(where)+` ORDER BY a.username`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Account returns an account by username.
func (q Queries) Account(ctx context.Context, username string) (model.Account, error) {
	a, err := scanAccount(q.queryRow(ctx, `SELECT `+accountCols+` FROM accounts a WHERE a.username = ?`, username))
	if err != nil {
		return a, notFound(err, "account", username)
	}
	return a, nil
}

// PasswordHash returns an account and its stored password hash ("" when it has none).
func (q Queries) PasswordHash(ctx context.Context, username string) (model.Account, string, error) {
	var a model.Account
	var hash string
	err := q.queryRow(ctx, `SELECT `+accountCols+`, a.password_hash FROM accounts a WHERE a.username = ?`, username).
		Scan(&a.ID, &a.Username, &a.Role, &a.Unit, &a.Name, &a.PersonID, &a.Email, &a.Lang, &a.Disabled, &a.MustChangePassword, &hash)
	if err != nil {
		return a, "", notFound(err, "account", username)
	}
	return a, hash, nil
}

// CountAccounts returns how many accounts exist (0 on a new database).
func (q Queries) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM accounts`).Scan(&n)
	return n, err
}

// InsertAccount adds an account with a password hash.
func (tx *Tx) InsertAccount(ctx context.Context, a model.Account, hash string) (int64, error) {
	var id int64
	var person any
	if a.PersonID != 0 {
		person = a.PersonID
	}
	err := tx.queryRow(ctx, `INSERT INTO accounts (username, role, unit, name, person_id, email, lang, password_hash, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Username, a.Role, nullString(a.Unit), a.Name, person, a.Email, a.Lang, hash, b2i(a.Disabled), tx.now.Unix()).Scan(&id)
	return id, err
}

// SetAccountLang stores an account's UI language.
func (tx *Tx) SetAccountLang(ctx context.Context, id int64, lang string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET lang = ? WHERE id = ?`, lang, id)
	return err
}

// Session is a signed-in browser or API client. The token itself is never
// stored, only its hash, so a stolen database holds no live sessions.
type Session struct {
	TokenHash string
	Account   model.Account
	CSRF      string
	Created   int64
	Seen      int64
}

// InsertSession stores a new session.
func (tx *Tx) InsertSession(ctx context.Context, tokenHash string, accountID int64, csrf string) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, account_id, csrf, created_at, seen_at) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, accountID, csrf, tx.now.Unix(), tx.now.Unix())
	return err
}

// Session returns the session with a token hash and its account.
func (q Queries) Session(ctx context.Context, tokenHash string) (Session, error) {
	s := Session{TokenHash: tokenHash}
	row := q.queryRow(ctx, `SELECT `+accountCols+`, s.csrf, s.created_at, s.seen_at
		FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?`, tokenHash)
	a := &s.Account
	err := row.Scan(&a.ID, &a.Username, &a.Role, &a.Unit, &a.Name, &a.PersonID, &a.Email, &a.Lang, &a.Disabled, &a.MustChangePassword, &s.CSRF, &s.Created, &s.Seen)
	if err == sql.ErrNoRows {
		return s, model.Errorf(model.EUNAUTHORIZED, "session expired or unknown")
	}
	return s, err
}

// TouchSession moves a session's last-seen time.
func (tx *Tx) TouchSession(ctx context.Context, tokenHash string) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`, tx.now.Unix(), tokenHash)
	return err
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions not seen since before idleSince
// or begun before createdSince (unix s): idle too long or simply too old.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, idleSince, createdSince int64) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE seen_at < ? OR created_at < ?`, idleSince, createdSince)
	return err
}

// DeleteOtherSessions ends every session of an account but the one whose
// token hash is kept ("" keeps none).
func (tx *Tx) DeleteOtherSessions(ctx context.Context, accountID int64, keepTokenHash string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?`, accountID, keepTokenHash)
	return err
}

// SetPasswordHash replaces an account's password hash; the password is the
// owner's own, so a reset's "change it first" ends.
func (tx *Tx) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE id = ?`, hash, id)
	return err
}

// RehashPassword replaces an account's password hash by the same
// password's hash made with other parameters, unless the hash changed
// since it was read (the password was changed or reset meanwhile: the new
// one stays). Nothing else about the account changes.
func (tx *Tx) RehashPassword(ctx context.Context, id int64, oldHash, newHash string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?`, newHash, id, oldHash)
	return err
}

// UpdateAccount writes what an admin may change of an account: name, role,
// unit, person, e-mail and whether it is disabled. A disabled account's
// sessions end in the same transaction.
func (tx *Tx) UpdateAccount(ctx context.Context, a model.Account) error {
	var person any
	if a.PersonID != 0 {
		person = a.PersonID
	}
	_, err := tx.exec(ctx, `UPDATE accounts SET name = ?, role = ?, unit = ?, person_id = ?, email = ?, disabled = ? WHERE id = ?`,
		a.Name, a.Role, nullString(a.Unit), person, a.Email, b2i(a.Disabled), a.ID)
	if err != nil || !a.Disabled {
		return err
	}
	return tx.DeleteOtherSessions(ctx, a.ID, "")
}

// ResetPassword sets an account's password hash and whether it must be
// changed at the next sign-in; every session of the account ends, and a
// sign-in lock on its username is lifted (a locked-out user is the usual
// reason for a reset).
func (tx *Tx) ResetPassword(ctx context.Context, id int64, hash string, mustChange bool) error {
	var username string
	if err := tx.queryRow(ctx, `UPDATE accounts SET password_hash = ?, must_change_password = ? WHERE id = ? RETURNING username`,
		hash, b2i(mustChange), id).Scan(&username); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM signin_failures WHERE kind = ? AND name = ?`, SigninUser, username); err != nil {
		return err
	}
	return tx.DeleteOtherSessions(ctx, id, "")
}

// CountAccountsBy counts the enabled accounts of a role, optionally in one
// unit ("" for any).
func (q Queries) CountAccountsBy(ctx context.Context, role, unit string) (int, error) {
	where, args := []string{`role = ?`, `disabled = 0`}, []any{role}
	if unit != "" {
		where, args = append(where, `unit = ?`), append(args, unit)
	}
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM accounts`+joinWhere(where), args...).Scan(&n)
	return n, err
}
