package app

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Repeated errors. When the disk filled up, every request failed the same
// way and logging each one buried the log (34,000 identical lines in 20 s).
// So an error logged through LogThrottled is written at most once a minute
// for the same message and error text; the next line written for them
// carries repeated=N, how many were held back in between.

// repeatWindow is how long a logged error holds back its repeats.
const repeatWindow = time.Minute

// maxRepeats bounds the errors remembered. Past it, the ones whose window
// has ended are forgotten (with any count they held back), and if a window
// sees more distinct errors than this, the extra ones are written
// unthrottled rather than lost.
const maxRepeats = 1024

// repeatKey is what makes two log lines the same. The logger is part of it,
// so two Apps in one process (tests) that log to different places never
// hold back each other's lines.
type repeatKey struct {
	log      *slog.Logger
	msg, err string
}

// repeat is one error's window: when it was last written and how many
// were held back since.
type repeat struct {
	logged time.Time
	held   int
}

// throttle remembers the errors written in the last window.
type throttle struct {
	window time.Duration
	now    func() time.Time
	mu     sync.Mutex
	seen   map[repeatKey]*repeat
}

// repeats is the process's throttle: an App has no state of its own for
// it, and the key keeps Apps apart.
var repeats = &throttle{window: repeatWindow, now: time.Now}

// LogThrottled logs err at level as msg, with args, through a.Log — unless
// the same message and error text were written in the last minute; then it
// only counts it, and the next line written for them carries repeated=N.
// The args (request id, path) are those of the request whose line is
// written.
func (a *App) LogThrottled(ctx context.Context, level slog.Level, msg string, err error, args ...any) {
	repeats.log(ctx, a.Log, level, msg, err, args...)
}

// log writes or counts one line.
func (t *throttle) log(ctx context.Context, log *slog.Logger, level slog.Level, msg string, err error, args ...any) {
	if !log.Enabled(ctx, level) {
		return
	}
	text := ""
	if err != nil {
		text = err.Error()
	}
	write, held := t.admit(repeatKey{log: log, msg: msg, err: text})
	if !write {
		return
	}
	all := make([]any, 0, len(args)+4)
	all = append(append(all, args...), "err", err)
	if held > 0 {
		all = append(all, "repeated", held)
	}
	log.Log(ctx, level, msg, all...)
}

// admit reports whether a line with key is to be written now, and how many
// lines with it were held back since the last one written.
func (t *throttle) admit(k repeatKey) (write bool, held int) {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.seen[k]; r != nil {
		if now.Sub(r.logged) < t.window {
			r.held++
			return false, 0
		}
		held = r.held
		r.logged, r.held = now, 0
		return true, held
	}
	if len(t.seen) >= maxRepeats {
		for old, r := range t.seen {
			if now.Sub(r.logged) >= t.window {
				delete(t.seen, old)
			}
		}
	}
	if len(t.seen) < maxRepeats {
		if t.seen == nil {
			t.seen = map[repeatKey]*repeat{}
		}
		t.seen[k] = &repeat{logged: now}
	}
	return true, 0
}
