package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "luoshi.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkLine is the value config check printed after label.
func checkLine(out, label string) string {
	for line := range strings.Lines(out) {
		if v, ok := strings.CutPrefix(line, label+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestConfigPrecedence: a flag beats the environment, which beats the
// file; the file fills what neither sets, lists included.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if code, _, stderr := runCLI("migrate", "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	cfg := writeConfig(t, fmt.Sprintf(`
# luoshi serve's settings
addr = "127.0.0.1:7001"
db = %q
log-format = "json"
trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
metrics-from = "192.168.0.0/16"
jobs = false
`, db))
	t.Setenv("LUOSHI_ADDR", "")
	t.Setenv("LUOSHI_DB", "")
	t.Setenv("LUOSHI_METRICS_FROM", "")
	t.Setenv("LUOSHI_TRUSTED_PROXIES", "")
	t.Setenv("LUOSHI_CONFIG", "")

	check := func(args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(append([]string{"config", "check"}, args...)...)
		if code != 0 {
			t.Fatalf("config check %v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	out := check("--config", cfg)
	for label, want := range map[string]string{
		"listen":          "127.0.0.1:7001",
		"database":        "SQLite file " + db,
		"log format":      "json",
		"trusted proxies": "127.0.0.1,10.0.0.0/8",
		"metrics from":    "loopback, 192.168.0.0/16",
		"jobs":            "off: no reminders, notices, digests or webhooks from this server",
		"mail":            "off (set it on the admin's mail page)",
		"config file":     cfg,
	} {
		if got := checkLine(out, label); got != want {
			t.Errorf("from the file, %s = %q, want %q\n%s", label, got, want, out)
		}
	}
	if !strings.Contains(out, "connection ok") {
		t.Errorf("config check did not reach the database:\n%s", out)
	}

	// The environment beats the file; LUOSHI_CONFIG names the file.
	t.Setenv("LUOSHI_ADDR", "127.0.0.1:7002")
	t.Setenv("LUOSHI_CONFIG", cfg)
	out = check()
	if got := checkLine(out, "listen"); got != "127.0.0.1:7002" {
		t.Errorf("with LUOSHI_ADDR, listen = %q, want the environment's", got)
	}
	if got := checkLine(out, "log format"); got != "json" {
		t.Errorf("with LUOSHI_ADDR, log format = %q, want the file's", got)
	}
	// A flag beats both.
	out = check("--addr", "127.0.0.1:7003", "--log-format", "text", "--jobs=true")
	for label, want := range map[string]string{
		"listen":     "127.0.0.1:7003",
		"log format": "text",
		"jobs":       "on: daily reminders and notices, digests and webhooks",
	} {
		if got := checkLine(out, label); got != want {
			t.Errorf("with flags, %s = %q, want %q", label, got, want)
		}
	}
}

// TestConfigRefusals: an unknown key is refused by name, in the reader's
// language, with exit status 2; so are values of the wrong shape, bad
// TOML and values serve itself refuses.
func TestConfigRefusals(t *testing.T) {
	t.Setenv("LUOSHI_CONFIG", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	db := filepath.Join(t.TempDir(), "r.db")
	cases := []struct {
		name, file string
		want       []string
	}{
		{"unknown key", "addr = \"127.0.0.1:0\"\nlisten_port = 8080\n", []string{`unknown key "listen_port"`, "trusted-proxies"}},
		{"config in config", "config = \"/etc/other.toml\"\n", []string{`unknown key "config"`}},
		{"table", "[addr]\nport = 8080\n", []string{`key "addr" must be`}},
		{"bad toml", "addr = \n", []string{"line 1"}},
		{"bad value", "jobs = \"maybe\"\n", []string{`key "jobs"`, "parse error"}},
		{"serve refuses", "log-format = \"xml\"\n", []string{"--log-format must be text or json"}},
	}
	for _, c := range cases {
		cfg := writeConfig(t, c.file)
		t.Setenv("LANG", "en_US.UTF-8")
		code, _, stderr := runCLI("config", "check", "--config", cfg, "--db", db)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2: %s", c.name, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr %q, want %q", c.name, stderr, w)
			}
		}
		// serve reads the file the same way.
		if code, _, stderr := runCLI("serve", "--config", cfg, "--db", db); code != 2 || !strings.Contains(stderr, c.want[0]) {
			t.Errorf("%s: serve exit %d, stderr %q", c.name, code, stderr)
		}
	}
	cfg := writeConfig(t, "listen_port = 8080\n")
	t.Setenv("LANG", "zh_CN.UTF-8")
	code, _, stderr := runCLI("serve", "--config", cfg)
	if code != 2 || !strings.Contains(stderr, `未知的配置项 "listen_port"`) || !strings.Contains(stderr, "配置文件") {
		t.Errorf("in Chinese: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	if code, _, stderr := runCLI("serve", "--config", filepath.Join(t.TempDir(), "missing.toml")); code != 2 || !strings.Contains(stderr, "missing.toml") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCLI("config"); code != 2 {
		t.Errorf("luoshi config: exit %d, want 2", code)
	}
	if code, _, stderr := runCLI("config", "check", "--db", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); code != 2 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("database in a missing folder: exit %d, stderr %q", code, stderr)
	}
}

// TestConfigCheckPostgres: config check reaches a PostgreSQL database and
// never prints its password.
func TestConfigCheckPostgres(t *testing.T) {
	url := os.Getenv("LUOSHI_TEST_POSTGRES")
	if url == "" {
		t.Skip("LUOSHI_TEST_POSTGRES is not set")
	}
	withPassword := strings.Replace(url, "postgres://postgres@", "postgres://postgres:s3cret@", 1)
	code, out, stderr := runCLI("config", "check", "--db", withPassword)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out, "s3cret") || !strings.Contains(out, "PostgreSQL postgres://") || !strings.Contains(out, "connection ok") {
		t.Errorf("config check on PostgreSQL:\n%s", out)
	}
}

// TestServeConfigAndNotify serves with every setting from a file and a
// real unixgram socket as NOTIFY_SOCKET: systemd would hear READY=1 once
// the server listens at the file's address, and STOPPING=1 when it stops.
func TestServeConfigAndNotify(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "notify.sock")
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	t.Setenv("LUOSHI_ADDR", "")
	t.Setenv("LUOSHI_DB", "")
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "Notify-Test-2024")
	db := filepath.Join(dir, "n.db")
	cfg := writeConfig(t, fmt.Sprintf("addr = \"127.0.0.1:0\"\ndb = %q\nlog-format = \"json\"\njobs = false\n", db))

	ctx, stop := context.WithCancel(context.Background())
	logR, logW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--config", cfg}, io.Discard, logW)
		logW.Close()
	}()
	ready := make(chan map[string]any, 1)
	go func() {
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == "luoshi ready" {
				ready <- line
			}
		}
	}()
	receive := func() string {
		t.Helper()
		buf := make([]byte, 256)
		ln.SetReadDeadline(time.Now().Add(30 * time.Second))
		n, err := ln.Read(buf)
		if err != nil {
			t.Fatalf("no notification: %v", err)
		}
		return string(buf[:n])
	}
	if got := receive(); got != "READY=1" {
		t.Errorf("first notification %q, want READY=1", got)
	}
	line := <-ready // JSON logs: the file's log-format took effect
	if line["db"] != db {
		t.Errorf("served %v, want the file's database %s", line["db"], db)
	}
	stop()
	if got := receive(); got != "STOPPING=1" {
		t.Errorf("second notification %q, want STOPPING=1", got)
	}
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

func TestSdNotify(t *testing.T) {
	if err := sdNotify("", "READY=1"); err != nil {
		t.Errorf("without NOTIFY_SOCKET: %v", err)
	}
	if err := sdNotify(filepath.Join(t.TempDir(), "none.sock"), "READY=1"); err == nil {
		t.Error("a socket nobody listens on: no error")
	}
	// Linux's abstract namespace, as systemd sometimes hands it over.
	name := fmt.Sprintf("luoshi-test-%d", time.Now().UnixNano())
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: "@" + name, Net: "unixgram"})
	if err != nil {
		t.Skipf("no abstract unix sockets here: %v", err)
	}
	defer ln.Close()
	if err := sdNotify("@"+name, "STOPPING=1"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	ln.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := ln.Read(buf)
	if err != nil || string(buf[:n]) != "STOPPING=1" {
		t.Errorf("abstract socket got %q, %v", buf[:n], err)
	}
}
