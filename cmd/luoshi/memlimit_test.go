package main

import (
	"math"
	"runtime/debug"
	"strings"
	"testing"
)

// TestMemoryLimit: sizes read as an admin writes them, bad ones refused
// with the reason, and the limit set is the flag's, else GOMEMLIMIT's,
// else the default.
func TestMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for in, want := range map[string]int64{"160MiB": 160 << 20, "1GiB": 1 << 30, "64 MB": 64 << 20, "20971520": 20 << 20, "0": 0} {
		if n, err := parseSize(in); err != nil || n != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, n, err, want)
		}
	}
	for in, why := range map[string]string{"lots": "not a size", "-5MiB": "not a size", "1MiB": "below 16MiB", "12.5MiB": "not a size"} {
		if _, err := parseSize(in); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("parseSize(%q): %v, want %q", in, err, why)
		}
	}
	t.Setenv("GOMEMLIMIT", "")
	if n, err := setMemoryLimit(""); err != nil || n != defaultMemoryLimit || debug.SetMemoryLimit(-1) != defaultMemoryLimit {
		t.Errorf("default: %d, %v", n, err)
	}
	if n, err := setMemoryLimit("160MiB"); err != nil || n != 160<<20 || debug.SetMemoryLimit(-1) != 160<<20 {
		t.Errorf("160MiB: %d, %v", n, err)
	}
	if n, err := setMemoryLimit("0"); err != nil || n != 0 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("0: %d, %v", n, err)
	}
	// GOMEMLIMIT, read by the runtime at start, stands when the flag is unset.
	t.Setenv("GOMEMLIMIT", "300MiB")
	debug.SetMemoryLimit(300 << 20)
	if n, err := setMemoryLimit(""); err != nil || n != 300<<20 {
		t.Errorf("with GOMEMLIMIT: %d, %v", n, err)
	}
	if _, err := setMemoryLimit("plenty"); err == nil || !strings.Contains(err.Error(), `--memory-limit "plenty"`) {
		t.Errorf("a bad flag: %v", err)
	}
}
