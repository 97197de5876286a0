package store

import (
	"fmt"
	"strings"
	"testing"
)

// TestPoolSize takes pool_max_conns out of the URL pgx sees (it would send
// it to the server as a setting) and refuses a size that is not a count.
func TestPoolSize(t *testing.T) {
	for _, c := range []struct {
		in, out string
		n       int
		bad     string
	}{
		{in: "postgres://u@h/db?sslmode=disable", out: "postgres://u@h/db?sslmode=disable", n: defaultPoolSize},
		{in: "postgres://u@h/db?pool_max_conns=3&search_path=a", out: "postgres://u@h/db?search_path=a", n: 3},
		{in: "postgres://u@h/db?pool_max_conns=0", bad: "pool_max_conns must be a whole number"},
		{in: "postgres://u@h/db?pool_max_conns=many", bad: `not "many"`},
	} {
		out, n, err := poolSize(c.in)
		if c.bad != "" {
			if err == nil || !strings.Contains(err.Error(), c.bad) {
				t.Errorf("poolSize(%s): %v, want an error saying %q", c.in, err, c.bad)
			}
			continue
		}
		if err != nil || out != c.out || n != c.n {
			t.Errorf("poolSize(%s) = %s, %d, %v; want %s, %d", c.in, out, n, err, c.out, c.n)
		}
	}
}

// TestSchemaURLs sets search_path and the role in a URL, keeping the rest,
// and keeps a password only for the user it belongs to.
func TestSchemaURLs(t *testing.T) {
	u, err := WithURLParam("postgres://postgres:pw@127.0.0.1:5432/test?sslmode=disable&search_path=old", "search_path", "province_01")
	if err != nil || u != "postgres://postgres:pw@127.0.0.1:5432/test?search_path=province_01&sslmode=disable" {
		t.Errorf("WithURLParam: %s, %v", u, err)
	}
	if u, err = asUser(u, "province_01"); err != nil || u != "postgres://province_01@127.0.0.1:5432/test?search_path=province_01&sslmode=disable" {
		t.Errorf("asUser another role: %s, %v", u, err)
	}
	if u, err = asUser("postgres://me:pw@h/db", "me"); err != nil || u != "postgres://me:pw@h/db" {
		t.Errorf("asUser the same role: %s, %v", u, err)
	}
	if _, err := CreateSchema(t.Context(), "postgres://h/db", "Bad-Name", false); err == nil || !strings.Contains(err.Error(), "lower-case") {
		t.Errorf("CreateSchema with a bad name: %v", err)
	}
}

// TestSettleAfterLoad vacuums and analyzes what a bulk load wrote on
// PostgreSQL; on SQLite it does nothing and succeeds.
func TestSettleAfterLoad(t *testing.T) {
	s := openTestStore(t)
	ctx := t.Context()
	var rows [][]any
	for i := range 500 {
		rows = append(rows, []any{fmt.Sprintf("U%03d", i), fmt.Sprintf("单位%d", i), "dept"})
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.BulkInsert(ctx, "units", []string{"code", "name", "kind"}, rows) }); err != nil {
		t.Fatal(err)
	}
	if err := s.SettleAfterLoad(ctx, []string{"units"}); err != nil {
		t.Fatal(err)
	}
	if !s.d.vacuumAfterLoad {
		return
	}
	// pg_stat counts manual vacuums apart from autovacuum's. (The pages'
	// all-visible marks would say more, but VACUUM cannot set them while
	// another test's transaction in the same database is older.)
	var vacuums, analyzes int
	if err := s.read.QueryRowContext(ctx, `SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relid = 'units'::regclass`).Scan(&vacuums, &analyzes); err != nil {
		t.Fatal(err)
	}
	if vacuums == 0 || analyzes == 0 {
		t.Errorf("after SettleAfterLoad, units was vacuumed %d and analyzed %d times, want both", vacuums, analyzes)
	}
}
