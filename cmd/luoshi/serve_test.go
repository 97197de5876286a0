package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGracefulShutdown stops `luoshi serve` (its context, as SIGTERM does)
// while a request is still arriving: the request is finished and answered,
// and serve returns cleanly. Logs are JSON with --log-format json.
func TestGracefulShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "Shutdown-Test-24")
	ctx, stop := context.WithCancel(context.Background())
	logR, logW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--db", db, "--addr", "127.0.0.1:0", "--log-format", "json"}, io.Discard, logW)
		logW.Close()
	}()
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			var line map[string]any
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Errorf("log line is not JSON: %s", sc.Text())
				continue
			}
			if line["msg"] == "luoshi ready" {
				ready <- fmt.Sprint(line["url"])
			}
		}
	}()
	var base string
	select {
	case base = <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not become ready")
	}
	base = strings.TrimSuffix(base, "/")

	// A sign-in whose body arrives in two parts: the server is stopped
	// between them.
	body, bodyW := io.Pipe()
	answer := make(chan int, 1)
	go func() {
		res, err := http.Post(base+"/api/v1/sessions", "application/json", body)
		if err != nil {
			t.Errorf("in-flight request failed: %v", err)
			answer <- 0
			return
		}
		res.Body.Close()
		answer <- res.StatusCode
	}()
	bodyW.Write([]byte(`{"username":"admin",`))
	waitActive(t, base)
	stop()
	time.AfterFunc(200*time.Millisecond, func() { bodyW.Write([]byte(`"password":"Shutdown-Test-24"}`)); bodyW.Close() })
	if code := <-answer; code != http.StatusCreated {
		t.Errorf("in-flight sign-in answered %d, want 201", code)
	}
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Errorf("server still answers after shutdown")
	}
}

var reActive = regexp.MustCompile(`(?m)^luoshi_http_requests_in_flight ([0-9]+)$`)

// waitActive waits until /metrics shows a request in flight besides the
// scrape itself.
func waitActive(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if m := reActive.FindSubmatch(b); m != nil && atoi(string(m[1])) >= 2 {
			return
		}
	}
	t.Fatal("the request never became active")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
