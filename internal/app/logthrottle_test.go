package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestLogThrottled: the same message and error are written once a minute;
// the next line written carries how many were held back; another error, or
// another logger, is not held back by it. The clock is a fake one.
func TestLogThrottled(t *testing.T) {
	now := time.Date(2024, 10, 15, 9, 0, 0, 0, time.UTC)
	th := &throttle{window: time.Minute, now: func() time.Time { return now }}
	var buf, other bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	otherLog := slog.New(slog.NewTextHandler(&other, nil))
	ctx := context.Background()
	full := errors.New("database or disk is full")

	for i := range 34 {
		th.log(ctx, log, slog.LevelError, "api: internal error", full, "request_id", i)
		now = now.Add(time.Second)
	}
	th.log(ctx, log, slog.LevelError, "api: internal error", errors.New("no such table"), "request_id", 99)
	th.log(ctx, log, slog.LevelError, "web: internal error", full)
	th.log(ctx, otherLog, slog.LevelError, "api: internal error", full)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "request_id=0 ") || strings.Contains(lines[0], "repeated") {
		t.Fatalf("within the minute:\n%s", buf.String())
	}
	if !strings.Contains(other.String(), "disk is full") {
		t.Errorf("another logger was held back: %q", other.String())
	}

	now = now.Add(26 * time.Second) // 60 s after the first line
	buf.Reset()
	th.log(ctx, log, slog.LevelError, "api: internal error", full, "request_id", 100)
	th.log(ctx, log, slog.LevelError, "api: internal error", full, "request_id", 101)
	got := strings.TrimSpace(buf.String())
	if strings.Count(got, "\n") != 0 || !strings.Contains(got, "request_id=100 ") || !strings.Contains(got, `err="database or disk is full" repeated=33`) {
		t.Fatalf("a minute later: %q", got)
	}

	now = now.Add(time.Minute)
	buf.Reset()
	th.log(ctx, log, slog.LevelError, "api: internal error", full, "request_id", 102)
	if got := buf.String(); !strings.Contains(got, "request_id=102 ") || !strings.Contains(got, "repeated=1\n") {
		t.Fatalf("the minute after: %q", got)
	}
	buf.Reset()
	th.log(ctx, log, slog.LevelDebug, "quiet", full)
	if buf.Len() != 0 || len(th.seen) != 4 {
		t.Errorf("a level the logger drops was written or remembered: %q, %d remembered", buf.String(), len(th.seen))
	}
}

// TestLogThrottledBounded: past maxRepeats distinct errors in one window the
// extra ones are still written, and once the window ends the old ones are
// forgotten to make room.
func TestLogThrottledBounded(t *testing.T) {
	now := time.Date(2024, 10, 15, 9, 0, 0, 0, time.UTC)
	th := &throttle{window: time.Minute, now: func() time.Time { return now }}
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	ctx := context.Background()
	for i := range maxRepeats + 10 {
		th.log(ctx, log, slog.LevelError, "e", errors.New(strings.Repeat("x", i)))
	}
	th.log(ctx, log, slog.LevelError, "e", errors.New(strings.Repeat("x", maxRepeats+5)))
	if n := strings.Count(buf.String(), "\n"); n != maxRepeats+11 || len(th.seen) != maxRepeats {
		t.Fatalf("%d lines, %d remembered", n, len(th.seen))
	}
	now = now.Add(time.Minute)
	th.log(ctx, log, slog.LevelError, "e", errors.New("new"))
	if len(th.seen) != 1 {
		t.Errorf("%d remembered after the window, want 1", len(th.seen))
	}
}
