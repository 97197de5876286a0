package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// benchCmd is `luoshi bench gen|run`: the large-university benchmark.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: luoshi bench gen|run|commits [flags]"}
	}
	switch args[0] {
	case "gen":
		return benchGen(ctx, args[1:], stdout, stderr)
	case "run":
		return benchRun(ctx, args[1:], stdout, stderr)
	case "commits":
		return benchCommits(ctx, args[1:], stdout, stderr)
	case "floor":
		return benchFloor(ctx, args[1:], stderr)
	}
	return usageError{fmt.Sprintf("unknown bench command %q: want gen, run or commits", args[0])}
}

// benchCommits is `luoshi bench commits`: the raw durable commit rate of a
// database, one one-row transaction after another.
func benchCommits(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("bench commits", stderr)
	duration := fs.Duration("duration", 5*time.Second, "how long to commit")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"bench commits takes no arguments"}
	}
	if *duration <= 0 {
		return usageError{"--duration must be positive"}
	}
	if err := existingDB(*db); err != nil {
		return err
	}
	r, err := store.MeasureCommitRate(ctx, *db, *duration)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "raw durable commits: %d in %v = %.0f/s (one-row transactions, one after another, on %s)\n",
		r.Commits, r.Elapsed.Round(time.Millisecond), r.PerSec(), redactURL(*db))
	return nil
}

// existingDB refuses a SQLite file that does not exist (a PostgreSQL URL
// is tried when connecting).
func existingDB(db string) error {
	if store.IsPostgres(db) {
		return nil
	}
	if _, err := os.Stat(db); err != nil {
		return usageError{fmt.Sprintf("database %s: %v (run luoshi bench gen first)", db, err)}
	}
	return nil
}

// benchTables are the tables bench gen reports, in the order it fills them.
var benchTables = []string{"units", "people", "accounts", "meetings", "agenda_items", "measures", "measure_units", "progress_reports", "audit_events"}

func benchGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("bench gen", stderr)
	scale := fs.String("scale", "small", "small or large")
	seed := fs.Int64("seed", 42, "generator seed: the same seed writes the same rows")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"bench gen takes no arguments"}
	}
	var sc bench.Scale
	switch *scale {
	case "small":
		sc = bench.Small
	case "large":
		sc = bench.Large
	default:
		return usageError{fmt.Sprintf("--scale must be small or large, not %q", *scale)}
	}
	s, err := openStore(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, t := range []string{"units", "accounts", "measures"} {
		n, err := s.CountRows(ctx, t)
		if err != nil {
			return err
		}
		if n > 0 {
			return usageError{fmt.Sprintf("%s is not empty (%s holds %d rows): bench gen writes only into an empty database", *db, t, n)}
		}
	}
	t0 := time.Now()
	p := newProgress(stderr, "bench gen", "rows", 0)
	if err := bench.GenerateProgress(ctx, s, sc, *seed, func(done, total int) { p.total = int64(total); p.Set(int64(done)) }); err != nil {
		return err
	}
	took := time.Since(t0)
	var parts []string
	for _, t := range benchTables {
		n, err := s.CountRows(ctx, t)
		if err != nil {
			return err
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t, "_", " ")))
	}
	p.Done(strings.Join(parts, ", "))
	fmt.Fprintf(stdout, "generated the %s institution (seed %d) in %v:\n  %s\n", sc.Name, *seed, took.Round(time.Millisecond), strings.Join(parts, ", "))
	fmt.Fprintf(stdout, "every account's password is %q; office account %s; unit accounts p00002… (one per unit)\n", bench.Password, bench.OfficeAccount)
	return nil
}

func benchRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("bench run", stderr)
	clients := fs.Int("clients", 8, "concurrent clients per endpoint")
	duration := fs.Duration("duration", 10*time.Second, "time per endpoint")
	requests := fs.Int("requests", 200000, "most requests per endpoint")
	serverURL := fs.String("url", "", "drive this running server (serving --db) instead of starting one")
	serverPID := fs.Int("pid", 0, "with --url: the server's process id, to report its memory and CPU")
	cpuprofile := fs.String("cpuprofile", "", "the started server writes a CPU profile of the run to this file")
	memprofile := fs.String("memprofile", "", "the started server writes a heap profile to this file when the run ends")
	only := fs.String("only", "", "drive only the endpoints whose names contain one of these comma-separated words (e.g. search,board); the floor always runs")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"bench run takes no arguments"}
	}
	if *clients < 1 || *duration <= 0 || *requests < 1 {
		return usageError{"--clients, --duration and --requests must be positive"}
	}
	if *serverURL != "" && (*cpuprofile != "" || *memprofile != "") {
		return usageError{"--cpuprofile and --memprofile profile a server bench run starts: with --url, start that server with --cpuprofile/--memprofile or --pprof yourself"}
	}
	if err := existingDB(*db); err != nil {
		return err
	}
	// The raw commit rate of the same database, before any server holds it.
	var commits store.CommitRate
	if *serverURL == "" && (*only == "" || strings.Contains(*only, "progress")) {
		var err error
		if commits, err = store.MeasureCommitRate(ctx, *db, 3*time.Second); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	// The clients read the institution they drive from the same database.
	a := newApp(s, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	t := bench.Target{URL: strings.TrimSuffix(*serverURL, "/"), PID: *serverPID}
	// the children's output goes to stderr, one write at a time
	stderr = &lockedWriter{w: stderr}
	floor, err := startChild(ctx, stderr, "/", "bench", "floor")
	if err != nil {
		return err
	}
	defer floor.stop()
	t.FloorURL, t.FloorPID = floor.url, floor.pid
	if t.URL == "" {
		args := []string{"serve", "--db", *db, "--jobs=false"}
		if *cpuprofile != "" {
			args = append(args, "--cpuprofile", *cpuprofile)
		}
		if *memprofile != "" {
			args = append(args, "--memprofile", *memprofile)
		}
		srv, err := startChild(ctx, stderr, "/healthz", args...)
		if err != nil {
			return err
		}
		defer srv.stop()
		t.URL, t.PID = srv.url, srv.pid
	}
	engine := "SQLite"
	if store.IsPostgres(*db) {
		engine = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "luoshi bench run: %s, %d clients, at most %v and %d requests per endpoint; server %s", engine, *clients, *duration, *requests, t.URL)
	if t.PID > 0 {
		fmt.Fprintf(stdout, " (process %d)", t.PID)
	}
	fmt.Fprintln(stdout)
	lo := bench.LoadOptions{Clients: *clients, Duration: *duration, Requests: *requests, Progress: stderr}
	if *only != "" {
		lo.Only = strings.Split(*only, ",")
	}
	res, err := bench.Load(ctx, a, t, lo)
	if err != nil {
		return err
	}
	bench.WriteTable(stdout, res)
	for _, r := range res {
		if r.Endpoint == bench.EndpointProgress && commits.PerSec() > 0 {
			fmt.Fprintf(stdout, "progress reports: %.0f/s, %.0f%% of the raw durable commit rate of the same database (%.0f/s, bench commits, measured before the run)\n",
				r.PerSec, 100*r.PerSec/commits.PerSec(), commits.PerSec())
		}
	}
	fmt.Fprintln(stdout, "The server and the floor each run in a process of their own; RSS is the server's peak resident set (VmHWM, reset before each endpoint), CPU its CPU time as a share of one core.")
	return nil
}

// benchFloor is `luoshi bench floor --addr`: the hello-world server bench
// run measures as the floor, in a process of its own like the server.
func benchFloor(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	if err := parse(fs, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usageError{fmt.Sprintf("cannot listen on %s: %v", *addr, err)}
	}
	srv := &http.Server{Handler: bench.Floor(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// lockedWriter lets several processes' output share one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// child is a luoshi process bench run started: the server or the floor.
type child struct {
	url  string
	pid  int
	cmd  *exec.Cmd
	done chan error
}

// startChild runs this program with args and --addr on a free loopback
// port, and waits until GET ready answers 200.
func startChild(ctx context.Context, stderr io.Writer, ready string, args ...string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(exe, append(args, "--addr", addr)...)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start %s: %w", args[0], err)
	}
	c := &child{url: "http://" + addr, pid: cmd.Process.Pid, cmd: cmd, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", c.url+ready, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
		select {
		case err := <-c.done:
			return nil, fmt.Errorf("bench: %s %s exited before it was ready: %v", exe, strings.Join(args, " "), err)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("bench: %s did not answer %s within 2 minutes", strings.Join(args, " "), ready)
		}
	}
}

// stop asks the process to finish (so that a server writes its profiles)
// and kills it if it has not within 30 seconds.
func (c *child) stop() {
	if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
		c.cmd.Process.Kill()
	}
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
	}
}
