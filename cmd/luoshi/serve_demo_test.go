package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestServeDemoOnData: serve --demo on a database holding other data
// refuses at once, saying what it holds and how to start the demo afresh;
// on a database where the demo was loaded before, it says so, serves it as
// it is, and tells how to start afresh.
func TestServeDemoOnData(t *testing.T) {
	dir := t.TempDir()

	// A database holding an institution that is not the demo.
	other := filepath.Join(dir, "other.db")
	s, err := store.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	apptest.NewOn(t, s)
	s.Close()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = serve(ctx, []string{"--demo", "--db", other, "--addr", "127.0.0.1:0"}, &out, io.Discard)
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("serve --demo on another institution's database: %v, want a usage error", err)
	}
	for _, want := range []string{"already holds data that is not the demo", "5 units", "delete " + other, "serve --demo --db demo.db"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal %q does not say %q", err, want)
		}
	}

	// The demo, loaded by a first run, and a second run on it.
	db := filepath.Join(dir, "demo.db")
	first := serveUntilReady(t, db)
	if !strings.Contains(first, "demo institution loaded") {
		t.Fatalf("first serve --demo did not load the demo:\n%s", first)
	}
	second := serveUntilReady(t, db)
	for _, want := range []string{"already holds the demo institution", "serving it as it is", "To start the demo afresh", "delete " + db} {
		if !strings.Contains(second, want) {
			t.Errorf("second serve --demo does not say %q:\n%s", want, second)
		}
	}
	if strings.Contains(second, "demo institution loaded") {
		t.Errorf("second serve --demo loaded the demo again:\n%s", second)
	}
}

// serveUntilReady runs serve --demo on db until it is ready, stops it and
// returns what it printed.
func serveUntilReady(t *testing.T, db string) string {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logR, logW := io.Pipe()
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--demo", "--db", db, "--addr", "127.0.0.1:0", "--jobs=false", "--log-format", "json"}, &out, logW)
		logW.Close()
	}()
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == "luoshi ready" {
				ready <- true
			}
		}
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve --demo on %s ended before it was ready: %v\n%s", db, err, out.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve --demo on %s did not become ready", db)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("serve --demo after shutdown: %v", err)
	}
	return out.String()
}
