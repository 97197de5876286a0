// Command luoshi is the whole program: the server and its tools. main only
// reads flags, opens the store, wires the packages and runs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "time/tzdata" // Windows servers have no zoneinfo; the institution's zone must load anyway

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

const usage = `luoshi — meeting decisions put into effect

usage:
  luoshi serve [--config luoshi.toml] [--addr 127.0.0.1:8080] [--db luoshi.db] [--demo] [--log-format text|json] [--metrics-from CIDR,…] [--pprof 127.0.0.1:6060] [--cpuprofile FILE] [--memprofile FILE]
               [--backup-dir DIR] [--backup-keep 14] [--backup-hour 2]
  luoshi migrate [--db luoshi.db]
  luoshi migrate --from luoshi.db --to postgres://…
  luoshi backup [--db luoshi.db] PATH
  luoshi restore [--db luoshi.db] BACKUP-FILE
  luoshi decompose [--json] [FILE]
  luoshi import measures FILE.xlsx [--dry-run] [--period 2024-H2] [--db luoshi.db]
  luoshi export measures [--meeting ID] [--period 2024-H2] -o FILE.xlsx [--db luoshi.db]
  luoshi import units|people FILE.xlsx [--dry-run] [--db luoshi.db]
  luoshi export units|people -o FILE.xlsx [--db luoshi.db]
  luoshi bench gen --scale small|large [--seed 42] --db EMPTY-DB
  luoshi bench gen --scale province [--institutions 20] [--each small] [--own-roles] [--schema-prefix province_] --db postgres://…
  luoshi bench run [--clients 8] [--duration 10s] [--requests N] [--only WORDS] [--servers N] [--url URL [--pid PID]] [--cpuprofile FILE] [--memprofile FILE] --db DB
  luoshi bench run --province [--servers 2] [--schema-prefix province_] [--clients 8] [--duration 10s] [--only WORDS] --db postgres://…
  luoshi bench commits [--duration 5s] --db DB
  luoshi audit verify [--db luoshi.db]
  luoshi version
  luoshi config check [--config FILE] [serve flags]
  luoshi service install|uninstall|start|stop [serve flags]   (Windows)

--db is a SQLite file path; env LUOSHI_DB and LUOSHI_ADDR set the defaults.
Exit status: 0 done, 2 bad usage or bad input, 1 anything else.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is bad usage of the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitCode maps an error to luoshi's exit status, in one place: 0 done, 2 bad
// usage or bad input, 1 anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "luoshi:", cliMessage(cliLang(os.Getenv), err))
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	if model.ErrorCode(err) == model.EINVALID {
		return 2
	}
	return 1
}

// cliLang is the language of the terminal's messages by the POSIX locale
// variables (LC_ALL, then LC_MESSAGES, then LANG): zh… is Chinese, anything
// else English.
func cliLang(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "zh") {
				return "zh-CN"
			}
			return "en"
		}
	}
	return "en"
}

// cliMessage is err for the terminal in lang: the application's errors in
// it rendered from the catalogs, after the label of the field each names,
// within whatever context wraps them ("import: …"); in English, err as it
// reads.
func cliMessage(lang string, err error) string {
	all := model.ErrorsOf(err)
	if lang == "en" || len(all) == 0 {
		return err.Error()
	}
	inner := error(all[0])
	if len(all) > 1 {
		inner = model.Errors(all)
	}
	full, raw := err.Error(), inner.Error()
	prefix, suffix := "", ""
	if i := strings.LastIndex(full, raw); i >= 0 {
		prefix, suffix = full[:i], full[i+len(raw):]
	}
	parts := make([]string, len(all))
	for i, e := range all {
		parts[i] = i18n.Message(lang, e)
		if e.Field != "" {
			label := e.Field
			if i18n.Has(lang, "field."+e.Field) {
				label = i18n.T(lang, "field."+e.Field)
			}
			parts[i] = label + "：" + parts[i]
		}
	}
	return prefix + strings.Join(parts, "；") + suffix
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], stdout, stderr)
	case "backup":
		return backup(ctx, args[1:], stdout, stderr)
	case "restore":
		return restore(ctx, args[1:], stdout, stderr)
	case "decompose":
		return runDecompose(args[1:], stdin, stdout, stderr)
	case "import":
		switch sheetOf(args[1:]) {
		case "units", "people":
			return importInstitution(ctx, args[1:], stdout, stderr)
		case "measures", "":
			return importMeasures(ctx, args[1:], stdout, stderr)
		}
		return usageError{importUsage + "\n" + importSheetUsage}
	case "export":
		switch sheetOf(args[1:]) {
		case "units", "people":
			return exportInstitution(ctx, args[1:], stdout, stderr)
		case "measures", "":
			return exportMeasures(ctx, args[1:], stdout, stderr)
		}
		return usageError{exportUsage + "\n" + exportSheetUsage}
	case "bench":
		return benchCmd(ctx, args[1:], stdout, stderr)
	case "audit":
		return auditCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		return versionCmd(args[1:], stdout)
	case "config":
		return configCmd(ctx, args[1:], stdout, stderr)
	case "service":
		return serviceCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// newFlags makes a flag set that reports errors instead of exiting, with the
// --db flag every database command shares.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr("LUOSHI_DB", "luoshi.db"), "SQLite file (or postgres:// URL, later)")
	return fs, db
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, dsn string, log *slog.Logger) (*store.Store, error) {
	if checked, err := checkInstead(ctx); checked {
		return nil, err // luoshi config check: serve goes no further
	}
	s, err := store.Open(dsn)
	if err != nil {
		return nil, err
	}
	n, err := s.Migrate(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if n > 0 && log != nil {
		log.Info("migrated", "db", dsn, "applied", n)
	}
	if b := s.MigrationBackup(); b != "" && log != nil {
		log.Info("before migrating, a copy of the database was taken", "copy", b)
	}
	return s, nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("migrate", stderr)
	from := fs.String("from", "", "SQLite file to copy into --to")
	to := fs.String("to", "", "empty PostgreSQL database (postgres:// URL) to copy --from into")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"migrate takes no arguments"}
	}
	if *from != "" || *to != "" {
		return migrateCopy(ctx, *from, *to, stdout, stderr)
	}
	s, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migrations to %s\n", n, *db)
	if b := s.MigrationBackup(); b != "" {
		fmt.Fprintf(stdout, "before migrating, a copy of the database was taken: %s\n", b)
	}
	return nil
}

// newApp wires the application over a store.
func newApp(s *store.Store, log *slog.Logger) *app.App {
	a := app.New(s, log)
	// The store stamps rows by the app's clock, whichever clock the app
	// is given later (the demo moves it through its 2024).
	s.Now = func() time.Time { return a.Now() }
	return a
}
