package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/server"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// benchCmd is `luoshi bench gen|run`: the large-university benchmark.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: luoshi bench gen|run [flags]"}
	}
	switch args[0] {
	case "gen":
		return benchGen(ctx, args[1:], stdout, stderr)
	case "run":
		return benchRun(ctx, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown bench command %q: want gen or run", args[0])}
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
	p := newProgress(stderr, "bench gen", "steps", 0)
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
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (server and clients) to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"bench run takes no arguments"}
	}
	if *clients < 1 || *duration <= 0 || *requests < 1 {
		return usageError{"--clients, --duration and --requests must be positive"}
	}
	if !store.IsPostgres(*db) {
		if _, err := os.Stat(*db); err != nil {
			return usageError{fmt.Sprintf("database %s: %v (run luoshi bench gen first)", *db, err)}
		}
	}
	s, err := openStore(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	// Only warnings and errors: a line per request would be the bottleneck.
	a := newApp(s, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return usageError{fmt.Sprintf("--cpuprofile: %v", err)}
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	engine := "SQLite"
	if store.IsPostgres(*db) {
		engine = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "luoshi bench run: %s, %d clients, at most %v and %d requests per endpoint\n", engine, *clients, *duration, *requests)
	res, err := bench.Load(ctx, a, server.New(a), bench.LoadOptions{Clients: *clients, Duration: *duration, Requests: *requests, Progress: stderr})
	if err != nil {
		return err
	}
	bench.WriteTable(stdout, res)
	fmt.Fprintln(stdout, "The server runs in this process beside its clients: peak RSS (VmHWM, reset before each endpoint) counts both.")
	return nil
}
