package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
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

// scales are the institutions bench gen writes, by name.
var scales = map[string]bench.Scale{"tiny": bench.Tiny, "small": bench.Small, "large": bench.Large}

func benchGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("bench gen", stderr)
	scale := fs.String("scale", "small", "small, large, or province: many institutions in one PostgreSQL database")
	seed := fs.Int64("seed", 42, "generator seed: the same seed writes the same rows")
	institutions := fs.Int("institutions", 20, "with --scale province: how many institutions")
	each := fs.String("each", "small", "with --scale province: each institution's scale (tiny, small or large)")
	prefix := fs.String("schema-prefix", bench.DefaultProvincePrefix, "with --scale province: each institution's schema is this and its number (01, 02…)")
	ownRoles := fs.Bool("own-roles", false, "with --scale province: give each schema a login role of its own, so that its servers cannot reach another institution's (needs CREATEROLE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"bench gen takes no arguments"}
	}
	if *scale == "province" {
		sc, ok := scales[*each]
		if !ok {
			return usageError{fmt.Sprintf("--each must be tiny, small or large, not %q", *each)}
		}
		return benchGenProvince(ctx, *db, bench.Province{Prefix: *prefix, Institutions: *institutions, Each: sc, Seed: *seed, OwnRoles: *ownRoles}, stdout, stderr)
	}
	sc, ok := scales[*scale]
	if !ok || *scale == "tiny" {
		return usageError{fmt.Sprintf("--scale must be small, large or province, not %q", *scale)}
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

// benchGenProvince is `bench gen --scale province`: p's institutions, each
// in a schema of its own in the PostgreSQL database at db. GenerateProvince
// refuses a SQLite file and a count out of range (exit 2, in the reader's
// language).
func benchGenProvince(ctx context.Context, db string, p bench.Province, stdout, stderr io.Writer) error {
	t0 := time.Now()
	prog := newProgress(stderr, "bench gen", "rows", 0)
	urls, err := bench.GenerateProvince(ctx, db, p, func(done, total int) { prog.total = int64(total); prog.Set(int64(done)) })
	if err != nil {
		return err
	}
	took := time.Since(t0)
	prog.Done(fmt.Sprintf("%d institutions", len(urls)))
	fmt.Fprintf(stdout, "generated a province of %d %s institutions (seeds %d…%d) in %v, each in a schema of its own:\n",
		len(urls), p.Each.Name, p.Seed, p.Seed+int64(len(urls))-1, took.Round(time.Millisecond))
	for _, u := range urls {
		fmt.Fprintf(stdout, "  %s\n", redactURL(u))
	}
	run := "luoshi bench run --province"
	if p.Prefix != bench.DefaultProvincePrefix {
		run += " --schema-prefix " + p.Prefix
	}
	fmt.Fprintf(stdout, "every account's password is %q; office account %s in each; %s --db %s drives them all\n", bench.Password, bench.OfficeAccount, run, redactURL(db))
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
	province := fs.Bool("province", false, "drive every institution of the province in the PostgreSQL database --db (bench gen --scale province), spreading the clients over all their servers")
	prefix := fs.String("schema-prefix", bench.DefaultProvincePrefix, "with --province: the institutions' schemas start with this")
	servers := fs.Int("servers", 0, "luoshi servers started per institution, all on its one database (more than one on PostgreSQL only; default 1, and 2 with --province)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"bench run takes no arguments"}
	}
	if *clients < 1 || *duration <= 0 || *requests < 1 || *servers < 0 {
		return usageError{"--clients, --duration, --requests and --servers must be positive"}
	}
	if *servers == 0 {
		*servers = 1
		if *province {
			*servers = 2
		}
	}
	pg := store.IsPostgres(*db)
	switch {
	case *province && !pg:
		return usageError{"--province drives institutions sharing one PostgreSQL database: --db must be a postgres:// URL"}
	case *servers > 1 && !pg:
		return usageError{"--servers: several servers share one database on PostgreSQL only; a SQLite file has one server"}
	case *serverURL != "" && (*province || *servers > 1):
		return usageError{"--url drives one running server: drop --province and --servers, or drop --url and let bench run start them"}
	case *serverURL != "" && (*cpuprofile != "" || *memprofile != ""):
		return usageError{"--cpuprofile and --memprofile profile a server bench run starts: with --url, start that server with --cpuprofile/--memprofile or --pprof yourself"}
	case (*province || *servers > 1) && (*cpuprofile != "" || *memprofile != ""):
		return usageError{"--cpuprofile and --memprofile profile one server: drop --province and --servers to profile"}
	}
	// The institutions: --db, or each schema of the province.
	dbs := []string{*db}
	if *province {
		schemas, err := store.SchemasWithPrefix(ctx, *db, *prefix)
		if err != nil {
			return err
		}
		if len(schemas) == 0 {
			return usageError{fmt.Sprintf("%s holds no schema starting %q: run luoshi bench gen --scale province first", redactURL(*db), *prefix)}
		}
		dbs = dbs[:0]
		for _, sc := range schemas {
			dbs = append(dbs, sc.URL)
		}
	} else if err := existingDB(*db); err != nil {
		return err
	}
	// What the clients cycle over, read before any server starts, each
	// database closed again so that the servers have its connections.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	t := bench.Target{Sites: make([]bench.Site, len(dbs))}
	for k, d := range dbs {
		fx, err := readFixture(ctx, d, *clients, log)
		if err != nil {
			return fmt.Errorf("%s: %w", redactURL(d), err)
		}
		t.Sites[k].Fixture = fx
	}
	// On PostgreSQL the servers share max_connections.
	conns := 0
	if pg && *serverURL == "" {
		free, err := store.FreeConnections(ctx, dbs[0])
		if err != nil {
			return err
		}
		n := len(dbs) * *servers
		if conns = min(20, (free-2)/n); conns < 2 {
			return fmt.Errorf("bench: PostgreSQL accepts %d more connections, too few for %d servers of 2 connections each: raise max_connections or start fewer (--servers)", free, n)
		}
	}

	// the children's output goes to stderr, one write at a time
	stderr = &lockedWriter{w: stderr}
	floor, err := startChild(ctx, stderr, "/", "bench", "floor")
	if err != nil {
		return err
	}
	defer floor.stop()
	t.FloorURL, t.FloorPID = floor.url, floor.pid
	var started []*child
	for k, d := range dbs {
		if *serverURL != "" {
			t.Sites[k].Servers = []bench.Server{{URL: strings.TrimSuffix(*serverURL, "/"), PID: *serverPID}}
			continue
		}
		if conns > 0 {
			if d, err = store.WithURLParam(d, "pool_max_conns", strconv.Itoa(conns)); err != nil {
				return err
			}
		}
		args := []string{"serve", "--db", d, "--jobs=false"}
		if *cpuprofile != "" {
			args = append(args, "--cpuprofile", *cpuprofile)
		}
		if *memprofile != "" {
			args = append(args, "--memprofile", *memprofile)
		}
		for range *servers {
			srv, err := startChild(ctx, stderr, "/healthz", args...)
			if err != nil {
				return err
			}
			defer srv.stop()
			started = append(started, srv)
			t.Sites[k].Servers = append(t.Sites[k].Servers, bench.Server{URL: srv.url, PID: srv.pid})
		}
	}
	engine := "SQLite"
	if pg {
		engine = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "luoshi bench run: %s, %d clients, at most %v and %d requests per endpoint", engine, *clients, *duration, *requests)
	switch {
	case *province:
		fmt.Fprintf(stdout, "; a province of %d institutions in one database, %d servers each (%d processes, pools of %d connections)", len(dbs), *servers, len(dbs)**servers, conns)
	case *servers > 1:
		fmt.Fprintf(stdout, "; %d servers on one database (pools of %d connections)", *servers, conns)
	default:
		sv := t.Sites[0].Servers[0]
		fmt.Fprintf(stdout, "; server %s", sv.URL)
		if sv.PID > 0 {
			fmt.Fprintf(stdout, " (process %d)", sv.PID)
		}
	}
	fmt.Fprintln(stdout)
	lo := bench.LoadOptions{Clients: *clients, Duration: *duration, Requests: *requests, Progress: stderr}
	if *only != "" {
		lo.Only = strings.Split(*only, ",")
	}
	if *serverURL == "" {
		// The raw commit rate of the (first) database, beside the servers
		// (idle while it is measured: bench run starts them --jobs=false).
		lo.RawCommits = func(ctx context.Context) (float64, error) {
			r, err := store.MeasureCommitRate(ctx, dbs[0], min(3*time.Second, *duration))
			return r.PerSec(), err
		}
	}
	res, err := bench.Load(ctx, t, lo)
	if err != nil {
		return err
	}
	bench.WriteTable(stdout, res)
	for _, r := range res {
		if of := r.OfRawCommits(); of > 0 {
			fmt.Fprintf(stdout, "progress reports: %.0f/s, %.0f%% of the raw durable commit rate of the same database (%.0f/s just before them and %.0f/s just after, bench commits)\n",
				r.PerSec, 100*of, r.RawBefore, r.RawAfter)
		}
	}
	if *serverURL == "" && !*province && lo.Wants(bench.StepDailyRun) {
		// The servers measured run without their jobs; the day's run is
		// measured on its own, by a server that runs them.
		for _, srv := range started {
			srv.stop()
		}
		day, err := firstDailyRun(ctx, stderr, dbs[0], conns)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, bench.StepDailyRun+": %d notices in %.2f s, by a server started with its jobs on after the endpoints (its peak RSS %.1f MB, %.1f MB once the run was over)\n",
			day.notices, day.took.Seconds(), float64(day.peak)/(1<<20), float64(day.after)/(1<<20))
	}
	if len(dbs)**servers > 1 {
		fmt.Fprintln(stdout, "The servers and the floor run in processes of their own; RSS is the sum of the servers' peak resident sets (VmHWM, reset before each endpoint), CPU their CPU time together as a share of one core.")
	} else {
		fmt.Fprintln(stdout, "The server and the floor each run in a process of their own; RSS is the server's peak resident set (VmHWM, reset before each endpoint), CPU its CPU time as a share of one core.")
	}
	return nil
}

// readFixture reads what bench run's clients cycle over from the database
// at db, through a pool of two connections, and closes it.
func readFixture(ctx context.Context, db string, clients int, log *slog.Logger) (*bench.Fixture, error) {
	if store.IsPostgres(db) {
		var err error
		if db, err = store.WithURLParam(db, "pool_max_conns", "2"); err != nil {
			return nil, err
		}
	}
	s, err := openStore(ctx, db, nil)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return bench.ReadFixture(ctx, newApp(s, log), clients)
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
	url     string
	pid     int
	cmd     *exec.Cmd
	done    chan error
	stopped sync.Once
}

// dayRun is what bench run saw of a server's first daily run.
type dayRun struct {
	notices     int
	took        time.Duration
	peak, after int64 // the server's peak RSS and its RSS after the run
}

// firstDailyRun starts a server with its jobs on over db, which has had no
// daily run yet, and waits (at most 10 minutes) for the run its scheduler
// makes at once: the notices, the time the server says it took, and the
// server's peak resident set since it started.
func firstDailyRun(ctx context.Context, stderr io.Writer, db string, conns int) (dayRun, error) {
	var day dayRun
	if conns > 0 {
		var err error
		if db, err = store.WithURLParam(db, "pool_max_conns", strconv.Itoa(conns)); err != nil {
			return day, err
		}
	}
	w := &dayWatch{w: stderr, ran: make(chan dayLine, 1)}
	srv, err := startChild(ctx, w, "/healthz", "serve", "--db", db, "--log-format", "json")
	if err != nil {
		return day, err
	}
	defer srv.stop()
	select {
	case l := <-w.ran:
		if l.Msg != "notices issued" {
			return day, fmt.Errorf("bench: the daily run failed: %s", l.Err)
		}
		day.notices, day.took = l.Notices, time.Duration(l.TookMS)*time.Millisecond
	case err := <-srv.done:
		return day, fmt.Errorf("bench: the server exited before its daily run: %v", err)
	case <-time.After(10 * time.Minute):
		return day, errors.New("bench: no daily run within 10 minutes")
	case <-ctx.Done():
		return day, ctx.Err()
	}
	day.peak, day.after = bench.PeakRSSOf(srv.pid), bench.RSSOf(srv.pid)
	return day, nil
}

// dayLine is a server's log line about its daily run.
type dayLine struct {
	Msg     string `json:"msg"`
	Notices int    `json:"notices"`
	TookMS  int64  `json:"took_ms"`
	Err     string `json:"err"`
}

// dayWatch passes a server's output on and sends its first log line about
// the daily run (done or failed) to ran.
type dayWatch struct {
	w    io.Writer
	mu   sync.Mutex
	line []byte
	ran  chan dayLine
}

func (d *dayWatch) Write(p []byte) (int, error) {
	d.mu.Lock()
	d.line = append(d.line, p...)
	for {
		i := bytes.IndexByte(d.line, '\n')
		if i < 0 {
			break
		}
		var l dayLine
		if json.Unmarshal(d.line[:i], &l) == nil && (l.Msg == "notices issued" || l.Msg == "scheduler") {
			select {
			case d.ran <- l:
			default:
			}
		}
		d.line = d.line[i+1:]
	}
	d.mu.Unlock()
	return d.w.Write(p)
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
	c.stopped.Do(func() {
		if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
			c.cmd.Process.Kill()
		}
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
		}
	})
}
