package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/origin"
	"github.com/luoshi-edu/luoshi/internal/schedule"
	"github.com/luoshi-edu/luoshi/internal/server"
	"github.com/luoshi-edu/luoshi/internal/store"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("serve", stderr)
	addr := fs.String("addr", envOr("LUOSHI_ADDR", "127.0.0.1:8080"), "address to listen on")
	withDemo := fs.Bool("demo", false, "load the demo institution into an empty database")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	jobs := fs.Bool("jobs", true, "run the scheduler: the daily reminders and notices, digests and webhooks")
	metricsFrom := fs.String("metrics-from", os.Getenv("LUOSHI_METRICS_FROM"), "networks besides loopback that may read /metrics (comma-separated CIDRs)")
	trustedProxies := fs.String("trusted-proxies", os.Getenv("LUOSHI_TRUSTED_PROXIES"), "reverse proxies whose X-Forwarded-For/-Proto/-Host and Forwarded headers are believed (comma-separated CIDRs or addresses)")
	prof := profilingFlags(fs)
	memLimit := memoryLimitFlag(fs)
	backups := addBackupFlags(fs)
	if err := parseServe(ctx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"serve takes no arguments"}
	}
	if err := backups.check(*db); err != nil {
		return err
	}
	memoryLimit, err := setMemoryLimit(*memLimit)
	if err != nil {
		return err
	}
	var opts server.Options
	for _, c := range strings.Split(*metricsFrom, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return usageError{fmt.Sprintf("--metrics-from: %v", err)}
		}
		opts.MetricsFrom = append(opts.MetricsFrom, p)
	}
	proxies, err := origin.ParseProxies(*trustedProxies)
	if err != nil {
		return usageError{fmt.Sprintf("--trusted-proxies: %v", err)}
	}
	opts.TrustedProxies = proxies
	var log *slog.Logger
	switch *logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, nil))
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	default:
		return usageError{"--log-format must be text or json"}
	}
	// (config check stops at openStore and must not take the lock: a
	// running server holds it)
	if !checking(ctx) {
		lock, err := holdDatabase(*db)
		if err != nil {
			return err
		}
		defer lock.Unlock()
	}
	s, err := openStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer s.Close()
	a := newApp(s, log)

	loadDemo := false
	if *withDemo {
		if loadDemo, err = demoWanted(ctx, a, *db, stdout); err != nil {
			return err
		}
	}
	ensureAdmin := a.EnsureAdmin
	if *withDemo {
		ensureAdmin = a.EnsureDemoAdmin // a demo is exempt from the password rules
	}
	if loadDemo {
		// The demo moves the app's clock through its 2024 (and gives it
		// back): the admin, too, is created on the demo's first morning.
		clock := a.Now
		a.Now = func() time.Time { return demo.Opening(a.Location) }
		ensureAdmin = func(ctx context.Context, pw string) (string, error) {
			defer func() { a.Now = clock }()
			return a.EnsureDemoAdmin(ctx, pw)
		}
	}
	pw, err := ensureAdmin(ctx, os.Getenv("LUOSHI_ADMIN_PASSWORD"))
	if e := model.ErrorOf(err); e != nil && e.Code == model.EINVALID {
		return usageError{"LUOSHI_ADMIN_PASSWORD " + e.Message + " (the password rules: see README, Operations)"}
	} else if err != nil {
		return err
	}
	if pw != "" && os.Getenv("LUOSHI_ADMIN_PASSWORD") == "" {
		fmt.Fprintf(stdout, "created account admin with password %s (shown once)\n", pw)
	}
	if loadDemo {
		sum, err := demo.Load(ctx, a)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintf(stdout, "demo institution loaded: %d units, %d measures; demo accounts (password %q; a demo is exempt from the password rules, so never keep real data in it):\n", sum.Units, sum.Measures, demo.Password)
		for _, acct := range sum.Accounts {
			fmt.Fprintf(stdout, "  %-12s %-7s %s\n", acct.Username, acct.Role, acct.Unit)
		}
	}

	// "Today" is counted in the institution's own time zone (its profile).
	if err := a.LoadInstitution(ctx); err != nil {
		return err
	}
	if *withDemo {
		// The demo lives on its own day: what visitors do is stamped on
		// it too, from its morning on as the real minutes pass, so that a
		// comment written now does not say 2026 beside a board of 2024.
		// (Cookies and the browser count in relative time, MaxAge.)
		a.Now = demoClock(a.Location, time.Now())
	}
	if err := a.EnsurePeriods(ctx); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usageError{fmt.Sprintf("cannot listen on %s: %v", *addr, err)}
	}
	srv := &http.Server{
		Handler:           server.NewWith(a, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	stopProfiling, err := prof.start(log, stderr)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopProfiling()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	jobsCtx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	jobsDone := make(chan struct{})
	if *jobs {
		go func() { defer close(jobsDone); schedule.New(a).Run(jobsCtx) }()
	} else {
		close(jobsDone)
	}
	backupsDone := backups.start(jobsCtx, s, a, log)
	// The board and dashboard of the day, computed before anyone asks.
	go a.KeepWarm(jobsCtx)
	log.Info("luoshi ready", "url", "http://"+ln.Addr().String()+"/", "db", redactURL(*db), "memory_limit_mib", memoryLimit>>20)
	notifySystemd(log, "READY=1")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	notifySystemd(log, "STOPPING=1")
	stopJobs()
	<-jobsDone
	<-backupsDone
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(shutCtx)
}

// demoWanted decides what serve --demo does with the database db: load the
// demo into it when it is empty (an admin account aside); serve the demo
// loaded there earlier, saying so and how to start afresh; or refuse a
// database holding anything else, which the demo would mix with.
func demoWanted(ctx context.Context, a *app.App, db string, stdout io.Writer) (bool, error) {
	h, err := demo.Holds(ctx, a)
	if err != nil {
		return false, err
	}
	afresh := fmt.Sprintf("stop luoshi, delete %s (with %s-wal and %s-shm) and run `luoshi serve --demo` again, or run `luoshi serve --demo --db demo.db` on a new file", db, db, db)
	if store.IsPostgres(db) {
		db = "the PostgreSQL database" // its URL may hold a password
		afresh = "stop luoshi, drop and re-create that database and run `luoshi serve --demo` again, or point --db at a new, empty database"
	}
	switch {
	case h.Empty():
		return true, nil
	case h.Demo:
		fmt.Fprintf(stdout, "--demo: %s already holds the demo institution, loaded earlier, with any changes made since; serving it as it is.\n"+
			"To start the demo afresh, %s.\n", db, afresh)
		return false, nil
	}
	return false, usageError{fmt.Sprintf("--demo: %s already holds data that is not the demo institution (%s); "+
		"the demo loads only into an empty database. Serve that database without --demo, or start the demo afresh: %s", db, h, afresh)}
}

// demoClock is the demo's clock after loading: its Today at 08:30 when
// the server started, moving on with the real time since.
func demoClock(loc *time.Location, started time.Time) func() time.Time {
	y, m, d := demo.Today.Time().Date()
	morning := time.Date(y, m, d, 8, 30, 0, 0, loc)
	return func() time.Time { return morning.Add(time.Since(started)) }
}
