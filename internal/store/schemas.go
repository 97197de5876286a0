package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Several institutions can share one PostgreSQL database, each in a schema
// of its own that search_path in its servers' URL names (a province's
// universities on one database server). Nothing in luoshi's SQL names a
// schema; these helpers are for the tools that set such a database up.

// defaultPoolSize is how many connections one server's pool opens at most
// when the URL does not say.
const defaultPoolSize = 20

// poolSize takes pool_max_conns out of a PostgreSQL URL (pgx would send it
// to the server as a setting) and returns the URL without it and the pool
// size it asks for, or defaultPoolSize.
func poolSize(dsn string) (string, int, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", 0, model.Errorf(model.EINVALID, "database URL: %v", err)
	}
	q := u.Query()
	v := q.Get("pool_max_conns")
	if !q.Has("pool_max_conns") {
		return dsn, defaultPoolSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return "", 0, model.Errorf(model.EINVALID, "database URL: pool_max_conns must be a whole number of connections, at least 1, not %q", v)
	}
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	return u.String(), n, nil
}

// schemaName is what a schema or role the tools create may be called: a
// plain lower-case SQL identifier, never quoted.
var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// WithURLParam returns the PostgreSQL URL dsn with query parameter key set
// to value (replacing any it had): search_path for a schema, user for a role,
// pool_max_conns for the pool.
func WithURLParam(dsn, key, value string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", model.Errorf(model.EINVALID, "database URL: %v", err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// CreateSchema makes the schema name in the PostgreSQL database at dsn. With
// a role of its own (ownRole), it first creates a login role of the same
// name and gives it the schema: connected as that role (user=name in the
// URL), a server reaches its own schema and no other, so a query that
// crossed into another institution's schema would fail. It returns the URL
// an institution's servers use: dsn with search_path (and user) set.
func CreateSchema(ctx context.Context, dsn, name string, ownRole bool) (string, error) {
	if !schemaName.MatchString(name) {
		return "", model.Errorf(model.EINVALID, "schema name %q: want lower-case letters, digits and _, starting with a letter", name)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	owner := ""
	if ownRole {
		if _, err := db.ExecContext(ctx, `CREATE ROLE `+name+` LOGIN`); err != nil {
			return "", fmt.Errorf("store: create role %s: %w", name, err)
		}
		owner = ` AUTHORIZATION ` + name
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+name+owner); err != nil {
		return "", fmt.Errorf("store: create schema %s: %w", name, err)
	}
	out, err := WithURLParam(dsn, "search_path", name)
	if err == nil && ownRole {
		out, err = asUser(out, name)
	}
	return out, err
}

// asUser is the URL dsn connecting as role user.
func asUser(dsn, user string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", model.Errorf(model.EINVALID, "database URL: %v", err)
	}
	if p, ok := u.User.Password(); ok && user == u.User.Username() {
		u.User = url.UserPassword(user, p)
	} else {
		u.User = url.User(user)
	}
	return u.String(), nil
}

// Schema is one schema of a database shared by several institutions.
type Schema struct {
	Name  string
	Owner string
	// URL reaches the schema: the database's URL with search_path set and,
	// when the schema has a role of its own, user set to it.
	URL string
}

// SchemasWithPrefix lists, in name order, the schemas of the PostgreSQL
// database at dsn whose names start with prefix.
func SchemasWithPrefix(ctx context.Context, dsn, prefix string) ([]Schema, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT n.nspname, pg_get_userbyid(n.nspowner), current_user FROM pg_namespace n
		WHERE starts_with(n.nspname, $1) ORDER BY n.nspname`, prefix)
	if err != nil {
		return nil, fmt.Errorf("store: schemas: %w", err)
	}
	defer rows.Close()
	var out []Schema
	for rows.Next() {
		var sc Schema
		var me string
		if err := rows.Scan(&sc.Name, &sc.Owner, &me); err != nil {
			return nil, err
		}
		if sc.URL, err = WithURLParam(dsn, "search_path", sc.Name); err != nil {
			return nil, err
		}
		if sc.Owner != me && sc.Owner == sc.Name {
			if sc.URL, err = asUser(sc.URL, sc.Owner); err != nil {
				return nil, err
			}
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// FreeConnections is how many more connections the PostgreSQL server at dsn
// accepts: max_connections less those open and those kept for superusers.
func FreeConnections(ctx context.Context, dsn string) (int, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var free int
	err = db.QueryRowContext(ctx, `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
		- (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')`).Scan(&free)
	if err != nil {
		return 0, fmt.Errorf("store: free connections: %w", err)
	}
	return free, nil
}
