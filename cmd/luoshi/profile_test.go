package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeProfiling runs serve with every profiling flag: the profiler
// answers on its own loopback address, and the CPU and heap profiles are
// written when the server stops. A profiler address off loopback is refused.
func TestServeProfiling(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "heap.pprof")
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "Profile-Test-2024")

	code, _, stderr := runCLI("serve", "--db", db, "--addr", "127.0.0.1:0", "--pprof", "0.0.0.0:0")
	if code != 2 || !strings.Contains(stderr, "loopback") {
		t.Errorf("--pprof 0.0.0.0:0: exit %d, %s; want 2 and a word on loopback", code, stderr)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logR, logW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--db", db, "--addr", "127.0.0.1:0", "--log-format", "json",
			"--pprof", "127.0.0.1:0", "--cpuprofile", cpu, "--memprofile", mem}, io.Discard, logW)
		logW.Close()
	}()
	urls := make(chan string, 2)
	go func() {
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && (line["msg"] == "profiler listening" || line["msg"] == "luoshi ready") {
				urls <- fmt.Sprint(line["url"])
			}
		}
	}()
	var profiler string
	for range 2 {
		select {
		case u := <-urls:
			if strings.Contains(u, "/debug/pprof/") {
				profiler = u
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not become ready")
		}
	}
	if profiler == "" {
		t.Fatal("no profiler address logged")
	}
	res, err := http.Get(profiler + "cmdline")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %scmdline: %d", profiler, res.StatusCode)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	for _, p := range []string{cpu, mem} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("profile %s not written: %v", p, err)
		}
	}
}
