package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// openPostgres opens a PostgreSQL database through pgx's database/sql
// driver. PostgreSQL serves many writers itself, so reads and writes share
// one pool; the schema comes from search_path in the URL, never from SQL.
// The pool holds at most 20 connections, or pool_max_conns from the URL (the
// parameter pgx's own pool reads), so that many servers can share one
// PostgreSQL's max_connections.
func openPostgres(url string) (*Store, error) {
	url, conns, err := poolSize(url)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	s := &Store{write: db, read: db, path: url, Now: time.Now}
	s.Queries = Queries{q: db, d: postgresDialect}
	return s, nil
}

// OpenScratch opens a fresh, empty, migrated database for tests and
// benchmarks: a new schema in the PostgreSQL at pgURL (reached through
// search_path in the URL, as deployments do), or, when pgURL is "", a new
// SQLite file in dir. drop closes it and removes the schema.
func OpenScratch(ctx context.Context, pgURL, dir string) (s *Store, drop func(), err error) {
	return OpenScratchAt(ctx, pgURL, dir, math.MaxInt)
}

// OpenScratchAt is OpenScratch migrated up to version upTo only: the
// upgrade test fills databases of earlier versions.
func OpenScratchAt(ctx context.Context, pgURL, dir string, upTo int) (s *Store, drop func(), err error) {
	if pgURL == "" {
		s, err = Open(filepath.Join(dir, "scratch.db"))
		if err != nil {
			return nil, nil, err
		}
		if _, err := s.migrate(ctx, upTo); err != nil {
			s.Close()
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "luoshi_scratch_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("store: scratch schema: %w", err)
	}
	dropSchema := func() {
		admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	}
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	s, err = Open(pgURL + sep + "search_path=" + schema)
	if err != nil {
		dropSchema()
		return nil, nil, err
	}
	if _, err := s.migrate(ctx, upTo); err != nil {
		s.Close()
		dropSchema()
		return nil, nil, err
	}
	return s, func() { s.Close(); dropSchema() }, nil
}
