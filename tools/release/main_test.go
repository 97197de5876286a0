package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReleaseReproducible builds one target twice into two folders and
// compares the bytes, checks SHA256SUMS against the file, and, when the
// target is this machine's, that the binary tells its stamped version.
func TestReleaseReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds luoshi twice")
	}
	// The tool runs from the module root, as `go run ./tools/release` does.
	t.Chdir("../..")
	target := "linux/amd64"
	var bins [2][]byte
	var dirs [2]string
	for i := range bins {
		dirs[i] = t.TempDir()
		var out bytes.Buffer
		if err := run([]string{"-version", "v0.0.0-test", "-out", dirs[i], "-targets", target}, &out); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[i], "luoshi-v0.0.0-test-linux-amd64"))
		if err != nil {
			t.Fatal(err)
		}
		bins[i] = b
	}
	if !bytes.Equal(bins[0], bins[1]) {
		t.Fatalf("two builds of the same commit differ (%d and %d bytes)", len(bins[0]), len(bins[1]))
	}
	sum := sha256.Sum256(bins[0])
	sums, err := os.ReadFile(filepath.Join(dirs[0], "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	if want := hex.EncodeToString(sum[:]) + "  luoshi-v0.0.0-test-linux-amd64\n"; string(sums) != want {
		t.Errorf("SHA256SUMS = %q, want %q", sums, want)
	}
	if runtime.GOOS+"/"+runtime.GOARCH != target {
		t.Logf("not running the %s binary on %s/%s", target, runtime.GOOS, runtime.GOARCH)
		return
	}
	out, err := exec.Command(filepath.Join(dirs[0], "luoshi-v0.0.0-test-linux-amd64"), "version").CombinedOutput()
	if err != nil {
		t.Fatalf("luoshi version: %v\n%s", err, out)
	}
	st, err := stampOf("v0.0.0-test")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"luoshi v0.0.0-test\n", "commit:     " + st.Commit + "\n", "built:      " + st.Date + "\n", "sqlite (modernc.org/sqlite v"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("luoshi version says\n%s\nwithout %q", out, want)
		}
	}
}

func TestReleaseRefusesBadInput(t *testing.T) {
	t.Chdir("../..")
	for _, args := range [][]string{
		{"-targets", "linux"},
		{"-version", "v1 beta"},
		{"extra"},
	} {
		if err := run(append(args, "-out", t.TempDir()), &bytes.Buffer{}); err == nil {
			t.Errorf("release %v: no error", args)
		}
	}
}
