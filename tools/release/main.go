// Command release builds luoshi's release binaries: linux/amd64,
// linux/arm64, windows/amd64 and darwin/arm64, pure Go (CGO_ENABLED=0; the
// SQLite driver, modernc.org/sqlite, needs no C compiler), with -trimpath,
// the version, commit and build date stamped, the build date being the
// commit's time so that building the same commit twice gives the same
// bytes; then dist/SHA256SUMS. It uses only the Go toolchain and git.
//
//	go run ./tools/release [-version v1.4.0] [-out dist] [-targets linux/amd64,…]
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Targets is what a release holds.
var Targets = []string{"linux/amd64", "linux/arm64", "windows/amd64", "darwin/arm64"}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	version := fs.String("version", "", "version to stamp (default: git describe --tags --always --dirty)")
	out := fs.String("out", "dist", "folder for the binaries and SHA256SUMS")
	targets := fs.String("targets", strings.Join(Targets, ","), "GOOS/GOARCH pairs, comma-separated")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("release takes no arguments")
	}
	st, err := stampOf(*version)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	var names []string
	for _, t := range strings.Split(*targets, ",") {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok || goos == "" || goarch == "" {
			return fmt.Errorf("target %q: want GOOS/GOARCH", t)
		}
		name := fmt.Sprintf("luoshi-%s-%s-%s", st.Version, goos, goarch)
		if goos == "windows" {
			name += ".exe"
		}
		if err := build(st, goos, goarch, filepath.Join(*out, name)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "built %s\n", filepath.Join(*out, name))
		names = append(names, name)
	}
	if err := writeSums(*out, names); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (luoshi %s, commit %s, built %s)\n", filepath.Join(*out, "SHA256SUMS"), st.Version, st.Commit, st.Date)
	return nil
}

// stamp is what the binaries say of themselves in `luoshi version`.
type stamp struct{ Version, Commit, Date string }

// stampOf reads the commit and its time from git; the build date is the
// commit's time in UTC, never the clock's, so the bytes are reproducible.
func stampOf(version string) (stamp, error) {
	commit, err := git("rev-parse", "HEAD")
	if err != nil {
		return stamp{}, err
	}
	unix, err := git("show", "-s", "--format=%ct", "HEAD")
	if err != nil {
		return stamp{}, err
	}
	var secs int64
	if _, err := fmt.Sscan(unix, &secs); err != nil {
		return stamp{}, fmt.Errorf("commit time %q: %w", unix, err)
	}
	if version == "" {
		if version, err = git("describe", "--tags", "--always", "--dirty"); err != nil {
			return stamp{}, err
		}
	}
	if strings.ContainsAny(version, " \t'\"/\\") {
		return stamp{}, fmt.Errorf("version %q: no spaces, quotes or slashes", version)
	}
	return stamp{version, commit, time.Unix(secs, 0).UTC().Format(time.RFC3339)}, nil
}

func git(args ...string) (string, error) {
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, ee.Stderr)
		}
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// build compiles ./cmd/luoshi for one target. -buildvcs=false keeps the
// checkout's state (a touched file) out of the bytes: the stamp says it.
func build(st stamp, goos, goarch, dest string) error {
	ldflags := fmt.Sprintf("-s -w -buildid= -X main.version=%s -X main.commit=%s -X main.buildDate=%s", st.Version, st.Commit, st.Date)
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", dest, "./cmd/luoshi")
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build %s/%s: %w", goos, goarch, err)
	}
	return nil
}

// writeSums writes SHA256SUMS as sha256sum(1) does, so that
// `sha256sum -c SHA256SUMS` checks a download.
func writeSums(dir string, names []string) error {
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h.Sum(nil)), n)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
