package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CommitRate is how many durable write transactions a database takes a
// second, one after another, each inserting one small row: the ceiling any
// write path of luoshi's is measured against.
type CommitRate struct {
	Commits int
	Elapsed time.Duration
}

// PerSec is the rate.
func (c CommitRate) PerSec() float64 {
	if c.Elapsed <= 0 {
		return 0
	}
	return float64(c.Commits) / c.Elapsed.Seconds()
}

// commitRateTable is the scratch table MeasureCommitRate writes and drops.
const commitRateTable = "luoshi_bench_commits"

// MeasureCommitRate commits one-row transactions to the database at dsn
// (a SQLite file, opened with the pragmas the server's writer uses, or a
// PostgreSQL URL) for about d, through a connection of its own, in a
// scratch table it drops at the end. It is the raw rate `luoshi bench run`
// compares the progress reports' rate with; run it while no server writes
// to the same database.
func MeasureCommitRate(ctx context.Context, dsn string, d time.Duration) (CommitRate, error) {
	var db *sql.DB
	var err error
	if IsPostgres(dsn) {
		db, err = sql.Open("pgx", dsn)
	} else {
		db, err = sql.Open("sqlite", sqliteDSN(dsn, sqliteDurable))
	}
	if err != nil {
		return CommitRate{}, fmt.Errorf("store: commit rate: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	bind := "?"
	if IsPostgres(dsn) {
		bind = "$1"
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+commitRateTable+` (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
		return CommitRate{}, fmt.Errorf("store: commit rate: %w", err)
	}
	defer db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE `+commitRateTable)
	var out CommitRate
	start := time.Now()
	for time.Since(start) < d {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return out, fmt.Errorf("store: commit rate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+commitRateTable+` (id, note) VALUES (`+bind+`, 'benchmark')`, out.Commits+1); err != nil {
			tx.Rollback()
			return out, fmt.Errorf("store: commit rate: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return out, fmt.Errorf("store: commit rate: %w", err)
		}
		out.Commits++
	}
	out.Elapsed = time.Since(start)
	return out, nil
}
