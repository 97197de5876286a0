package main

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersionFallsBackOnBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/luoshi-edu/luoshi", Version: "(devel)"},
		Deps: []*debug.Module{
			{Path: "modernc.org/sqlite", Version: "v1.62.0"},
			{Path: "github.com/jackc/pgx/v5", Version: "v5.12.0"},
		},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "3f4b775c0ffee"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	got := versionInfo(bi, true)
	want := buildFacts{
		Version: "devel", Commit: "3f4b775c0ffee (modified)", BuildDate: "2026-12-01T10:00:00Z", GoVersion: "go1.26.8",
		Engines: []string{"sqlite (modernc.org/sqlite v1.62.0)", "postgres (github.com/jackc/pgx/v5 v5.12.0)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unstamped (-want +got):\n%s", diff)
	}

	// Stamped values win over what the toolchain recorded.
	version, commit, buildDate = "v1.4.0", "abc123", "2026-11-30T08:00:00Z"
	t.Cleanup(func() { version, commit, buildDate = "", "", "" })
	got = versionInfo(bi, true)
	if got.Version != "v1.4.0" || got.Commit != "abc123" || got.BuildDate != "2026-11-30T08:00:00Z" {
		t.Errorf("stamped: %+v", got)
	}
	version, commit, buildDate = "", "", ""
	got = versionInfo(nil, false)
	if got.Version != "devel" || got.Commit != "unknown" || got.BuildDate != "unknown" || len(got.Engines) != 2 {
		t.Errorf("without build info: %+v", got)
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, stderr := runCLI("version")
	if code != 0 {
		t.Fatalf("luoshi version: exit %d, %s", code, stderr)
	}
	for _, want := range []string{"luoshi ", "commit:", "built:", "go:", "go1.", "engines:", "sqlite", "postgres"} {
		if !strings.Contains(out, want) {
			t.Errorf("luoshi version says %q, without %q", out, want)
		}
	}
	if code, _, _ := runCLI("version", "extra"); code != 2 {
		t.Errorf("luoshi version extra: exit %d, want 2", code)
	}
}
