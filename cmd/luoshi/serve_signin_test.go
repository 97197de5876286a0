package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestServeRefusesWeakAdminPassword: on an empty database a
// LUOSHI_ADMIN_PASSWORD that breaks the password rules stops serve with exit
// 2 naming the rule, and creates nothing; a bad --trusted-proxies is a usage
// error too.
func TestServeRefusesWeakAdminPassword(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "admin-pass")
	code, _, stderr := runCLI("serve", "--db", db, "--addr", "127.0.0.1:0", "--jobs=false")
	if code != 2 || !strings.Contains(stderr, "LUOSHI_ADMIN_PASSWORD must mix three of") {
		t.Errorf("weak LUOSHI_ADMIN_PASSWORD: exit %d, %q", code, stderr)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.CountAccounts(context.Background()); err != nil || n != 0 {
		t.Errorf("%d accounts created (%v)", n, err)
	}
	code, _, stderr = runCLI("serve", "--db", db, "--addr", "127.0.0.1:0", "--trusted-proxies", "10.0.0.0/8,proxy.example")
	if code != 2 || !strings.Contains(stderr, "--trusted-proxies") {
		t.Errorf("bad --trusted-proxies: exit %d, %q", code, stderr)
	}
}
