package server

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestHealthzRefusedWrites: /healthz answers 503 while the database still
// reads but takes no write — here another connection holds the write lock
// (SQLite) or the table the check writes (PostgreSQL) — and 200 again once
// it is released. The check changes no data.
func TestHealthzRefusedWrites(t *testing.T) {
	s := apptest.OpenStore(t)
	a := apptest.NewOn(t, s)
	defer setHealthTimeout(300 * time.Millisecond)()
	ts := httptest.NewServer(New(a))
	defer ts.Close()
	ctx := context.Background()
	before, err := s.Dump(ctx, "schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	if code, body := healthz(t, ts.URL); code != http.StatusOK {
		t.Fatalf("healthy: %d %s", code, body)
	}

	release := holdWrites(t, s)
	start := time.Now()
	if code, body := healthz(t, ts.URL); code != http.StatusServiceUnavailable {
		t.Fatalf("writes refused: %d %s", code, body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the refused check took %v", d)
	}
	release()

	deadline := time.Now().Add(15 * time.Second)
	for {
		code, body := healthz(t, ts.URL)
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after release: %d %s", code, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	after, err := s.Dump(ctx, "schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, after) {
		t.Errorf("the check changed schema_migrations:\n%v\n%v", before, after)
	}
}

func healthz(t *testing.T, base string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// holdWrites makes the database refuse s's writes from another connection
// until release is called: on SQLite it holds the write lock (BEGIN
// IMMEDIATE); on PostgreSQL, an exclusive lock on the table the health
// check writes.
func holdWrites(t *testing.T, s *store.Store) (release func()) {
	t.Helper()
	ctx := context.Background()
	driver, dsn, lock := "sqlite", "file:"+s.Path(), "BEGIN IMMEDIATE"
	if store.IsPostgres(s.Path()) {
		driver, dsn, lock = "pgx", s.Path(), "BEGIN; LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, lock); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
				t.Error(err)
			}
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// setHealthTimeout shortens /healthz's deadline for a test; the returned
// function restores it.
func setHealthTimeout(d time.Duration) (restore func()) {
	old := healthTimeout
	healthTimeout = d
	return func() { healthTimeout = old }
}

// logBuffer collects a test's log lines; handlers write from the server's
// goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// captureLog sends a's log, debug lines included, to a buffer.
func captureLog(a *app.App) *logBuffer {
	l := &logBuffer{}
	a.Log = slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return l
}
