package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set by the release build (go run ./tools/release) with
// -ldflags "-X main.version=… -X main.commit=… -X main.buildDate=…".
// A plain go build leaves them empty and versionInfo falls back on what
// the Go toolchain recorded in the binary.
var (
	version   string
	commit    string
	buildDate string
)

// buildFacts is what `luoshi version` prints.
type buildFacts struct {
	Version, Commit, BuildDate, GoVersion string
	Engines                               []string
}

// versionInfo is the binary's facts: the stamped values first, else the
// module version and the vcs.revision and vcs.time the toolchain records
// (when built from a git checkout without -buildvcs=false), else "unknown".
// The engines are the two database drivers compiled in, with their module
// versions.
func versionInfo(bi *debug.BuildInfo, ok bool) buildFacts {
	f := buildFacts{Version: version, Commit: commit, BuildDate: buildDate, GoVersion: runtime.Version()}
	dep := map[string]string{}
	if ok && bi != nil {
		if bi.GoVersion != "" {
			f.GoVersion = bi.GoVersion
		}
		if f.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			f.Version = bi.Main.Version
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if f.Commit == "" {
					f.Commit = s.Value
				}
			case "vcs.time":
				if f.BuildDate == "" {
					f.BuildDate = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && f.Commit != "" {
			f.Commit += " (modified)"
		}
		for _, d := range bi.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			dep[d.Path] = d.Version
		}
	}
	for _, e := range []struct{ name, module string }{
		{"sqlite", "modernc.org/sqlite"},
		{"postgres", "github.com/jackc/pgx/v5"},
	} {
		s := e.name
		if v := dep[e.module]; v != "" {
			s += " (" + e.module + " " + v + ")"
		}
		f.Engines = append(f.Engines, s)
	}
	if f.Version == "" {
		f.Version = "devel"
	}
	if f.Commit == "" {
		f.Commit = "unknown"
	}
	if f.BuildDate == "" {
		f.BuildDate = "unknown"
	}
	return f
}

func versionCmd(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError{"usage: luoshi version"}
	}
	f := versionInfo(debug.ReadBuildInfo())
	fmt.Fprintf(stdout, "luoshi %s\ncommit:     %s\nbuilt:      %s\ngo:         %s\nengines:    %s\n",
		f.Version, f.Commit, f.BuildDate, f.GoVersion, strings.Join(f.Engines, ", "))
	return nil
}
