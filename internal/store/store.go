// Package store keeps luoshi's data in SQLite (and, later, PostgreSQL) with
// hand-written SQL. One file per aggregate; engine differences live in
// dialect.go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/luoshi-edu/luoshi/internal/metrics"
	"github.com/luoshi-edu/luoshi/internal/model"
	_ "modernc.org/sqlite"
)

//go:embed migrations
var migrations embed.FS

// queryer is what both a pool and a transaction offer; every read and write
// function takes one so the same code serves inside and outside a transaction.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queries holds every read and write; Store runs them on the reader pool and
// Tx inside a write transaction.
type Queries struct {
	q queryer
	d dialect
}

// Store is the database: one writer connection (SQLite allows one writer at a
// time; queueing in Go is cheaper than SQLITE_BUSY retries) and a pool of
// readers that WAL lets run beside it.
type Store struct {
	Queries
	write *sql.DB
	read  *sql.DB
	// wstmts and rstmts keep the statements prepared on the writer and
	// the readers (SQLite; nil on PostgreSQL, whose driver keeps its own).
	wstmts, rstmts *stmtCache
	path           string
	board          boardCache
	// campaigns keeps study campaigns' completion matrices (campaign.go).
	campaigns campaignCache
	// assess keeps computed assessment counts (assessment.go).
	assess assessCache
	// summary keeps the half-year summaries' live figures (summary.go).
	summary summaryCache
	// writes queue changes for the SQLite writer goroutine (nil on
	// PostgreSQL); closed stops it.
	writes     chan *writeReq
	closed     chan struct{}
	writerDone chan struct{}
	holds      holds
	// acks carry committed batches from the writer to the syncer, which
	// answers their callers once the WAL is on disk, counts the batches in
	// synced and their changes in syncedChanges, and rings syncedBell
	// (wal_sync.go).
	acks          chan []*writeReq
	synced        atomic.Int64
	syncedChanges atomic.Int64
	syncedBell    chan struct{}
	syncerDone    chan struct{}
	wal           walSyncer
	// checkpointBell is rung by the syncer after each sync; the
	// checkpointer, on a connection of its own, copies the WAL into the
	// database file (checkpoint.go).
	checkpointBell   chan struct{}
	checkpointerDone chan struct{}
	// Now is the clock; tests move it.
	Now func() time.Time
	// gen counts the write transactions this process has committed.
	gen atomic.Int64
	// tables counts them per table written (tables.go).
	tables tableGens
	// migrationBackup is the copy the last Migrate took (MigrationBackup).
	migrationBackup string
}

// Generation counts the write transactions this process has committed: a
// result read at one generation is still true at the same generation,
// unless another process wrote to the database (several servers on one
// PostgreSQL), which a reader that keeps results must allow for otherwise.
func (s *Store) Generation() int64 { return s.gen.Load() }

// Tx is a write transaction; everything a change does happens in one.
type Tx struct {
	Queries
	tx  *sql.Tx
	now time.Time
	// wrote notes the tables its statements write (tables.go).
	wrote *written
	// later holds the rows it moved and writes before it commits
	// (deferred.go).
	later deferred
}

// Now is the time the transaction started at: every row it stamps agrees.
func (tx *Tx) Now() time.Time { return tx.now }

// IsPostgres reports whether a --db value names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database a --db value names: a postgres:// URL, or else a
// SQLite file (created if needed).
func Open(dsn string) (*Store, error) {
	if IsPostgres(dsn) {
		return openPostgres(dsn)
	}
	return openSQLite(dsn)
}

// openSQLite opens (creating if needed) the SQLite database at path.
func openSQLite(path string) (*Store, error) {
	w, err := sql.Open("sqlite", sqliteDSN(path, sqliteWriter))
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", sqliteDSN(path, sqliteReader))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	// The checkpointer's connection (checkpoint.go).
	c, err := sql.Open("sqlite", sqliteDSN(path, sqliteWriter))
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	c.SetMaxOpenConns(1)
	c.SetMaxIdleConns(1)
	// One reader a core: a read is CPU work in this process (the SQLite
	// library is Go code), so more readers than cores only wait, and each
	// holds its own pages, prepared statements and copy of the schema. On
	// the 2-core bench machine, 4 readers peaked at 100–136 MB resident on
	// the read endpoints and 2 at 84–106 MB, as fast or faster (alternating
	// runs: measure list 639–805 vs 929–1,008 req/s, search 1,746–2,380 vs
	// 1,922–2,421).
	n := max(2, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxLifetime(0)
	s := &Store{write: w, read: r, path: path, Now: time.Now, wstmts: newStmtCache(w), rstmts: newStmtCache(r)}
	s.Queries = Queries{q: preparedDB{r, s.rstmts}, d: sqliteDialect}
	if err := w.Ping(); err != nil {
		c.Close()
		s.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s.writes, s.closed, s.writerDone = make(chan *writeReq, maxBatch), make(chan struct{}), make(chan struct{})
	s.acks, s.syncedBell, s.syncerDone = make(chan []*writeReq, maxBatch), make(chan struct{}, 1), make(chan struct{})
	s.checkpointBell, s.checkpointerDone = make(chan struct{}, 1), make(chan struct{})
	go s.checkpointer(c)
	go s.syncer()
	go s.writer()
	return s, nil
}

// sqliteConn is what a connection to a SQLite file is for.
type sqliteConn int

const (
	// sqliteWriter is the server's one writer: its commits are made
	// durable by the syncer before anyone is answered (wal_sync.go).
	sqliteWriter sqliteConn = iota
	// sqliteReader is one of the server's readers.
	sqliteReader
	// sqliteDurable writes like the writer but has each commit wait for
	// the disk itself (synchronous=FULL): for a connection outside the
	// writer's queue, such as the raw commit rate's.
	sqliteDurable
)

// sqliteDSN is luoshi's SQLite policy, in one place:
//   - busy_timeout first, so that even setting WAL waits for another process
//     instead of failing with SQLITE_BUSY;
//   - journal_mode=WAL: readers never block the writer nor it them;
//   - an acknowledged change survives power loss: synchronous=FULL, except
//     on the server's writer, which commits with NORMAL and whose callers
//     are answered only after the syncer has synced the WAL (wal_sync.go);
//   - the writer checkpoints only past writerAutoCheckpoint pages: the
//     checkpointer does it on a connection of its own (checkpoint.go);
//   - foreign_keys=ON: the schema's REFERENCES are enforced;
//   - _txlock=immediate on a writing connection: a write transaction takes
//     the write lock at BEGIN, so it never fails half-way on a lock upgrade;
//   - cache_size 2 MB per connection: the pages are in the OS's cache
//     anyway, and each connection's copy is memory outside Go's heap. On
//     the large institution's bench 8 MB a connection peaked at 123–203 MB
//     resident, 2 MB at 103–146 MB, at the same speed;
//   - readers are query_only, so a read path can never write by mistake.
func sqliteDSN(path string, c sqliteConn) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "journal_mode(WAL)")
	if c == sqliteWriter {
		v.Add("_pragma", "synchronous(NORMAL)")
		v.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", writerAutoCheckpoint))
	} else {
		v.Add("_pragma", "synchronous(FULL)")
	}
	v.Add("_pragma", "foreign_keys(ON)")
	v.Add("_pragma", "cache_size(-2000)")
	if c == sqliteReader {
		v.Add("_pragma", "query_only(ON)")
	} else {
		v.Set("_txlock", "immediate")
		// The writer's batches give each change a savepoint, whose undo
		// pages SQLite writes to a temporary file by default: kept in
		// memory, those writes were 13 % of the writer's time under the
		// progress-report load (pprof: subjournalPage).
		v.Add("_pragma", "temp_store(MEMORY)")
	}
	return "file:" + path + "?" + v.Encode()
}

// Close stops the writer (after the batch it is running) and closes the
// pools.
func (s *Store) Close() error {
	if s.closed != nil {
		select {
		case <-s.closed:
		default:
			close(s.closed)
			<-s.writerDone
			<-s.syncerDone
			<-s.checkpointerDone
		}
	}
	for _, c := range []*stmtCache{s.wstmts, s.rstmts} {
		if c != nil {
			c.close()
		}
	}
	if s.read == s.write {
		return s.write.Close()
	}
	return errors.Join(s.write.Close(), s.read.Close())
}

// Ping checks that the database answers (for /healthz).
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// Write runs fn in one write transaction: all of it is kept or none of it,
// and it is on disk before Write returns. On SQLite concurrent changes share
// a commit (commit.go); PostgreSQL commits each itself.
func (s *Store) Write(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	if s.writes == nil {
		err = s.writeOne(ctx, fn)
	} else {
		err = s.queueWrite(ctx, fn)
	}
	// Counted after the commit: a reader that saw the old generation
	// and read the new rows only reads them again.
	if err == nil {
		s.gen.Add(1)
	}
	return err
}

// Migrate applies the embedded migrations not applied yet, each in its own
// transaction, and returns how many it applied. Several servers starting at
// once on one PostgreSQL take turns (an advisory lock); on SQLite the write
// transaction itself serializes them.
func (s *Store) Migrate(ctx context.Context) (int, error) { return s.migrate(ctx, math.MaxInt) }

// migrate applies the migrations up to version upTo (tests build older
// databases with it).
func (s *Store) migrate(ctx context.Context, upTo int) (int, error) {
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.d.lockMigrations(ctx, tx); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	vs, names, err := versions(s.d)
	if err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	have, err := s.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if len(vs) > 0 && have > vs[len(vs)-1] {
		return 0, newerThanBinary(have, vs[len(vs)-1])
	}
	s.migrationBackup = ""
	pending := 0
	for _, v := range vs {
		if v > have && v <= upTo {
			pending++
		}
	}
	if have > 0 && pending > 0 {
		if s.migrationBackup, err = s.backupBeforeMigrating(ctx, have); err != nil {
			return 0, err
		}
	}
	applied := 0
	for i, v := range vs {
		name := names[i][strings.LastIndex(names[i], "/")+1:]
		if v > upTo {
			break
		}
		body, err := fs.ReadFile(migrationFS, names[i])
		if err != nil {
			return applied, err
		}
		ran := false
		err = s.Write(ctx, func(tx *Tx) error {
			if err := tx.d.lockMigrations(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil || n > 0 {
				return err
			}
			// A migration may write any table (tables.go).
			tx.wrote.every = true
			if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("store: migration %s: %w", name, err)
			}
			if v == auditChainVersion {
				// SQLite cannot hash in SQL: the events written before the
				// chain existed are sealed into it here, in the same
				// transaction as the migration.
				if _, err := tx.SealAudit(ctx); err != nil {
					return fmt.Errorf("store: migration %s: %w", name, err)
				}
			}
			ran = true
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, tx.now.Unix())
			return err
		})
		if err != nil {
			if s.migrationBackup != "" {
				return applied, fmt.Errorf("%w (migration %s changed nothing; a copy of the database taken before migrating is at %s)", err, name, s.migrationBackup)
			}
			return applied, err
		}
		if ran {
			applied++
		}
	}
	if err := s.backfillSearch(ctx); err != nil {
		return applied, fmt.Errorf("store: migrate: search index: %w", err)
	}
	return applied, nil
}

// auditChainVersion is the migration that makes the audit trail a hash
// chain (0014_audit_chain.sql).
const auditChainVersion = 14

// MigrationCount is how many migrations the binary carries (the same for
// both engines).
func MigrationCount() (int, error) {
	vs, _, err := versions(sqliteDialect)
	return len(vs), err
}

// Backup writes a consistent copy of the database to path while the server
// runs (VACUUM INTO reads one snapshot); path must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.d.noBackup != "" {
		return model.Errorf(model.EINVALID, "%s", s.d.noBackup)
	}
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Tables lists the user tables, for backup checks and engine comparisons.
func (s *Store) Tables(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, s.d.tablesSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Columns lists a table's columns in order.
func (s *Store) Columns(ctx context.Context, table string) ([]string, error) {
	return s.strings(ctx, s.d.columnsSQL, table)
}

// Dump returns every row of a table as text, ordered, for comparisons in tests
// and after a restore. It reads the columns Columns lists, so a PostgreSQL
// table compares equal to its SQLite twin.
func (s *Store) Dump(ctx context.Context, table string) ([]string, error) {
	names, err := s.Columns(ctx, table)
	if err != nil {
		return nil, err
	}
	list := `*`
	if len(names) > 0 {
		list = `"` + strings.Join(names, `", "`) + `"`
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+list+` FROM "`+strings.ReplaceAll(table, `"`, ``)+`" ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(vals...))
	}
	return out, rows.Err()
}

func (q Queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer metrics.ObserveQuery(metrics.Exec, time.Now())
	return q.q.ExecContext(ctx, q.d.rebind(query), args...)
}

func (q Queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	defer metrics.ObserveQuery(metrics.Query, time.Now())
	return q.q.QueryContext(ctx, q.d.rebind(query), args...)
}

// strings reads one text column.
func (q Queries) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	return column[string](ctx, q, query, args...)
}

// int64s reads one integer column.
func (q Queries) int64s(ctx context.Context, query string, args ...any) ([]int64, error) {
	return column[int64](ctx, q, query, args...)
}

// column reads a query's one column.
func column[T any](ctx context.Context, q Queries, query string, args ...any) ([]T, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (q Queries) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	defer metrics.ObserveQuery(metrics.QueryRow, time.Now())
	return q.q.QueryRowContext(ctx, q.d.rebind(query), args...)
}

// notFound turns sql.ErrNoRows into the application's not-found error.
func notFound(err error, what string, key any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "%s %v not found", what, key)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// nullDay maps the zero Date to NULL.
func nullDay(d model.Date) any {
	if d == 0 {
		return nil
	}
	return int64(d)
}

func dayOf(n sql.NullInt64) model.Date {
	if !n.Valid {
		return 0
	}
	return model.Date(n.Int64)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// IntegrityCheck runs SQLite's own consistency check.
func (s *Store) IntegrityCheck(ctx context.Context) (bool, error) {
	if s.d.integritySQL == "" {
		return true, nil // the engine keeps its own consistency; nothing to ask
	}
	var res string
	if err := s.read.QueryRowContext(ctx, s.d.integritySQL).Scan(&res); err != nil {
		return false, err
	}
	return res == "ok", nil
}
