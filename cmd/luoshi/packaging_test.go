package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const unitFile = "../../packaging/luoshi.service"

// TestSystemdUnitHardening: the unit runs serve as systemd expects it
// (Type=notify, which serve answers; see TestServeConfigAndNotify) with
// the hardening campus IT asks for.
func TestSystemdUnitHardening(t *testing.T) {
	b, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		lines[strings.TrimSpace(line)] = true
	}
	for _, want := range []string{
		"Type=notify", "User=luoshi", "ProtectSystem=strict", "ReadWritePaths=/var/lib/luoshi",
		"StateDirectory=luoshi", "NoNewPrivileges=true", "Restart=on-failure",
		"ExecStart=/usr/local/bin/luoshi serve --config /etc/luoshi/luoshi.toml",
	} {
		if !lines[want] {
			t.Errorf("%s has no line %q", unitFile, want)
		}
	}
}

// TestSystemdVerify runs systemd-analyze verify on the unit, its
// ExecStart pointed at a real executable (verify checks it exists). Any
// word from verify is a failure: it exits 0 on unknown keys and bad
// values, warning only. A broken copy shows the check can fail.
func TestSystemdVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("LUOSHI_REQUIRE_SYSTEMD") != "" {
			t.Fatal("systemd-analyze is not installed and LUOSHI_REQUIRE_SYSTEMD is set")
		}
		t.Skip("systemd-analyze is not installed (apt-get install systemd); not verifying packaging/luoshi.service")
	}
	b, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	verify := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "/usr/local/bin/luoshi", exe)), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(analyze, "verify", path).CombinedOutput()
		if err != nil && len(out) == 0 {
			return err.Error()
		}
		return strings.TrimSpace(string(out))
	}
	if out := verify("luoshi.service", string(b)); out != "" {
		t.Errorf("systemd-analyze verify %s:\n%s", unitFile, out)
	}
	broken := strings.Replace(string(b), "ProtectSystem=strict", "ProtectSystm=strict", 1)
	if out := verify("broken.service", broken); !strings.Contains(out, "ProtectSystm") {
		t.Errorf("systemd-analyze verify said %q of a unit with a misspelt key", out)
	}
}
