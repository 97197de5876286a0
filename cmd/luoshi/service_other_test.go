//go:build !windows

package main

import (
	"strings"
	"testing"
)

func TestServiceIsForWindows(t *testing.T) {
	for _, args := range [][]string{{"service"}, {"service", "install"}, {"service", "stop"}} {
		code, _, stderr := runCLI(args...)
		if code != 2 || !strings.Contains(stderr, "for Windows") || !strings.Contains(stderr, "packaging/luoshi.service") {
			t.Errorf("luoshi %v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
