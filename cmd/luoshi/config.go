package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// The configuration file is TOML, one key per serve flag, named as the
// flag is (db, addr, trusted-proxies…; an underscore may stand for the
// hyphen):
//
//	addr = "127.0.0.1:8080"
//	db = "/var/lib/luoshi/luoshi.db"
//	trusted-proxies = ["127.0.0.1"]
//
// The keys are the flags of serve's flag set, so a flag added to serve is
// settable in the file with no more work. A command-line flag beats the
// environment, which beats the file: the file fills only what neither set.
// A flag reads its environment variable (LUOSHI_DB…) as its default, so a
// default equal to the variable's value is the environment speaking.

// parseServe parses serve's command line with its --config file (or
// LUOSHI_CONFIG). Under `luoshi config check` it hands the flag set to the
// check, which openStore runs once serve has validated its flags.
func parseServe(ctx context.Context, fs *flag.FlagSet, args []string) error {
	path := fs.String("config", os.Getenv("LUOSHI_CONFIG"), "TOML file setting any of these flags (a flag or the environment wins over it)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *path != "" {
		if err := applyConfig(fs, *path, os.Getenv); err != nil {
			return err
		}
	}
	if cc, ok := ctx.Value(checkServe{}).(*configCheck); ok {
		cc.fs = fs
	}
	return nil
}

// configCheck is `luoshi config check` under way: serve runs as far as
// opening the store, where the check takes over (checkInstead).
type configCheck struct {
	fs     *flag.FlagSet
	stdout io.Writer
}

// checkServe is the context key of a *configCheck.
type checkServe struct{}

// errChecked ends serve after the check has printed what serve would do.
var errChecked = errors.New("configuration checked")

// checking reports whether serve runs for a configuration check.
func checking(ctx context.Context) bool {
	cc, ok := ctx.Value(checkServe{}).(*configCheck)
	return ok && cc.fs != nil
}

// checkInstead runs the configuration check in place of opening the store
// when ctx carries one; it reports whether it did.
func checkInstead(ctx context.Context) (bool, error) {
	cc, ok := ctx.Value(checkServe{}).(*configCheck)
	if !ok || cc.fs == nil {
		return false, nil
	}
	if err := checkConfig(ctx, cc.fs, cc.stdout); err != nil {
		return true, err
	}
	return true, errChecked
}

// applyConfig sets from the file at path every flag of fs that neither the
// command line nor the environment set. An unknown key is refused by name.
func applyConfig(fs *flag.FlagSet, path string, getenv func(string) string) error {
	var values map[string]any
	if _, err := toml.DecodeFile(path, &values); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return model.Invalid("config", "%s line %d: %s", path, pe.Position.Line, pe.Message)
		}
		return model.Invalid("config", "cannot read %s: %s", path, errText(err))
	}
	onCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		name := strings.ReplaceAll(key, "_", "-")
		f := fs.Lookup(name)
		if f == nil || name == "config" {
			return model.Invalid("config", "%s: unknown key %q (the keys are serve's flags: %s)", path, key, flagNames(fs))
		}
		value, ok := configValue(values[key])
		if !ok {
			return model.Invalid("config", "%s: key %q must be a string, a number, true or false, or a list of strings", path, key)
		}
		if onCommandLine[name] {
			continue
		}
		if env := getenv(envName(name)); env != "" && env == f.DefValue {
			continue
		}
		if err := fs.Set(name, value); err != nil {
			return model.Invalid("config", "%s: key %q: %s", path, key, errText(err))
		}
	}
	return nil
}

// envName is the environment variable of a flag by luoshi's convention:
// --trusted-proxies is LUOSHI_TRUSTED_PROXIES.
func envName(flagName string) string {
	return "LUOSHI_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// configValue is a TOML value as a flag's text; a list is joined by
// commas, as the list flags (--metrics-from, --trusted-proxies) read it.
func configValue(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return "", false
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}

func flagNames(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "config" {
			names = append(names, f.Name)
		}
	})
	return strings.Join(names, ", ")
}

// errText is an error's text without its Go type's decoration.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

const configUsage = "usage: luoshi config check [--config FILE] [any serve flag]"

// configCmd is `luoshi config check`: serve's flags, environment and file
// read as serve reads them, the database reached, and what serve would do
// printed, without serving.
func configCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError{configUsage}
	}
	err := serve(context.WithValue(ctx, checkServe{}, &configCheck{stdout: stdout}), args[1:], stdout, stderr)
	if errors.Is(err, errChecked) {
		return nil
	}
	if err == nil {
		return errors.New("config check: serve did not check its configuration")
	}
	return err
}

// checkConfig prints what serve would do with the flags in fs and checks
// that the database answers.
func checkConfig(ctx context.Context, fs *flag.FlagSet, stdout io.Writer) error {
	get := func(name string) string {
		if f := fs.Lookup(name); f != nil {
			return f.Value.String()
		}
		return ""
	}
	w := func(label, value string) {
		if label != "" {
			label += ":"
		}
		fmt.Fprintf(stdout, "%-16s %s\n", label, value)
	}
	if p := get("config"); p != "" {
		w("config file", p)
	} else {
		w("config file", "none (flags and environment only)")
	}
	w("listen", get("addr"))
	db := get("db")
	if store.IsPostgres(db) {
		w("database", "PostgreSQL "+redactURL(db))
	} else {
		abs, err := filepath.Abs(db)
		if err != nil {
			abs = db
		}
		w("database", "SQLite file "+abs)
		if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
			dir := filepath.Dir(abs)
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return model.Invalid("db", "the folder %s of the database does not exist", dir)
			}
			w("", "does not exist yet: serve creates it")
			printRest(fs, get, w, "")
			return nil
		}
	}
	s, err := store.Open(db)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer s.Close()
	if err := s.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	w("", "connection ok")
	mail := "unknown until serve has migrated the database"
	if tables, err := s.Tables(ctx); err == nil && slices.Contains(tables, "settings") {
		a := app.New(s, slog.New(slog.DiscardHandler))
		if m, err := a.MailSettings(ctx, app.System); err != nil {
			mail = "cannot read the settings: " + err.Error()
		} else if m.Host == "" {
			mail = "off (set it on the admin's mail page)"
		} else {
			mail = fmt.Sprintf("%s:%d (%s) from %s, set on the admin's mail page", m.Host, m.Port, m.Security, m.From)
		}
	}
	printRest(fs, get, w, mail)
	return nil
}

// printRest prints the settings besides the listener and the database.
func printRest(fs *flag.FlagSet, get func(string) string, w func(string, string), mail string) {
	if mail != "" {
		w("mail", mail)
	}
	if get("jobs") == "false" {
		w("jobs", "off: no reminders, notices, digests or webhooks from this server")
	} else {
		w("jobs", "on: daily reminders and notices, digests and webhooks")
	}
	if fs.Lookup("backup-dir") != nil {
		if d := get("backup-dir"); d != "" {
			w("backups", fmt.Sprintf("into %s, keeping %s", d, get("backup-keep")))
		} else {
			w("backups", "off (no backup-dir)")
		}
	}
	w("trusted proxies", orNone(get("trusted-proxies")))
	w("metrics from", "loopback"+prefixed(", ", get("metrics-from")))
	w("log format", get("log-format"))
	if get("demo") == "true" {
		w("demo", "on: the demo institution is loaded into an empty database")
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// redactURL is a database's name to print: a postgres:// URL without its
// password (a SQLite path as it is).
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(an unreadable URL)"
	}
	return u.Redacted()
}
