package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestWriteIsAtomic fails a change after it inserted a measure with
// cooperating units and reserved a code: nothing of it may remain.
func TestWriteIsAtomic(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "A", "B", "C")
	boom := errors.New("boom")
	err := s.Write(ctx, func(tx *Tx) error {
		p, _ := model.PeriodFromCode("2024-H2")
		code, err := tx.NextMeasureCode(ctx, p)
		if err != nil {
			return err
		}
		m := model.Measure{Code: code, Title: "half-written", Theme: "other", Period: "2024-H2", LeadUnit: "A",
			CooperatingUnits: []string{"B", "C"}, Start: p.Start, Due: p.End}
		if err := tx.InsertMeasure(ctx, &m); err != nil {
			return err
		}
		if err := tx.InsertProgress(ctx, m.ID, &model.ProgressReport{Date: p.Start, Percent: 40, Note: "n", Author: "x", Review: "pending"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write returned %v, want the function's error", err)
	}
	for _, table := range []string{"measures", "measure_units", "progress_reports", "counters"} {
		rows, err := s.Dump(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 0 {
			t.Errorf("%s keeps %d rows after a failed change: %v", table, len(rows), rows)
		}
	}
	// A failing statement midway (an unknown cooperating unit) is the same.
	err = s.Write(ctx, func(tx *Tx) error {
		m := model.Measure{Code: "2024H2-001", Title: "t", Theme: "other", Period: "2024-H2", LeadUnit: "A",
			CooperatingUnits: []string{"B", "NOPE"}, Start: 1, Due: 2}
		return tx.InsertMeasure(ctx, &m)
	})
	if err == nil {
		t.Fatal("inserting a measure with an unknown unit succeeded")
	}
	if n, _ := s.Counter(ctx, "measures"); n != 0 {
		t.Errorf("counter measures = %d after failed changes", n)
	}
	if rows, _ := s.Dump(ctx, "measures"); len(rows) != 0 {
		t.Errorf("measures: %v", rows)
	}
}

// TestBackupWhileWriting takes a backup while another goroutine writes:
// the copy must open and be consistent (every measure there with its
// cooperating unit and its counter bump); after the writes stop, a second
// backup must equal the source table by table.
func TestBackupWhileWriting(t *testing.T) {
	s := openSQLiteStore(t)
	// A deadline: a writer that stops early must fail the test, not hang it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	seedUnits(t, s, "A", "B")
	var stop atomic.Bool
	var wg sync.WaitGroup
	var written atomic.Int64
	writerDone := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(writerDone)
		p, _ := model.PeriodFromCode("2024-H2")
		for i := 0; !stop.Load() || i < 50; i++ {
			err := s.Write(ctx, func(tx *Tx) error {
				code, err := tx.NextMeasureCode(ctx, p)
				if err != nil {
					return err
				}
				m := model.Measure{Code: code, Title: fmt.Sprintf("measure %d", i), Theme: "other", Period: p.Code, LeadUnit: "A",
					CooperatingUnits: []string{"B"}, Start: p.Start, Due: p.End}
				return tx.InsertMeasure(ctx, &m)
			})
			if err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	dir := t.TempDir()
	for written.Load() < 10 { // let some writes land first
		select {
		case <-writerDone:
			t.Fatalf("the writer stopped after %d writes", written.Load())
		case <-ctx.Done():
			t.Fatalf("only %d writes in a minute", written.Load())
		case <-time.After(time.Millisecond):
		}
	}
	during := filepath.Join(dir, "during.db")
	if err := s.Backup(ctx, during); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	c, err := Open(during)
	if err != nil {
		t.Fatal(err)
	}
	measures, _ := c.Dump(ctx, "measures")
	units, _ := c.Dump(ctx, "measure_units")
	n, _ := c.Counter(ctx, "measures")
	seq, _ := c.Counter(ctx, "measure_seq:2024-H2")
	c.Close()
	if len(measures) == 0 || len(units) != len(measures) || int(n) != len(measures) || int(seq) != len(measures) {
		t.Errorf("backup taken during writes is inconsistent: %d measures, %d cooperating rows, counter %d, seq %d",
			len(measures), len(units), n, seq)
	}
	if int64(len(measures)) > written.Load() {
		t.Errorf("backup holds %d measures, only %d were written", len(measures), written.Load())
	}

	after := filepath.Join(dir, "after.db")
	if err := s.Backup(ctx, after); err != nil {
		t.Fatal(err)
	}
	r, err := Open(after)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	compareStores(t, s, r)
	if err := s.Backup(ctx, after); err == nil {
		t.Error("backup over an existing file succeeded")
	}
}

// compareStores checks that two databases hold the same tables and rows.
func compareStores(t *testing.T, a, b *Store) {
	t.Helper()
	ctx := context.Background()
	ta, err := a.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ta, tb) {
		t.Fatalf("tables differ: %v vs %v", ta, tb)
	}
	for _, table := range ta {
		ra, err := a.Dump(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.Dump(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ra, rb) {
			t.Errorf("table %s differs: %d rows vs %d", table, len(ra), len(rb))
		}
	}
}

// TestMigrateTwice checks that migrating an up-to-date database is a no-op.
func TestMigrateTwice(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	before, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	versions, _ := s.Dump(ctx, "schema_migrations")
	n, err := s.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d (err %v), want 0", n, err)
	}
	after, _ := s.Tables(ctx)
	if !slices.Equal(before, after) {
		t.Errorf("tables changed: %v → %v", before, after)
	}
	again, _ := s.Dump(ctx, "schema_migrations")
	if !slices.Equal(versions, again) || len(versions) == 0 {
		t.Errorf("schema_migrations changed: %v → %v", versions, again)
	}
}

// TestEnginesMigrateAlike migrates SQLite and PostgreSQL and compares the
// tables and their columns: the two migration folders must stay twins.
func TestEnginesMigrateAlike(t *testing.T) {
	pg := os.Getenv("LUOSHI_TEST_POSTGRES")
	if pg == "" {
		t.Skip("skipping: LUOSHI_TEST_POSTGRES is not set (a postgres:// URL); .ci/run sets it")
	}
	ctx := context.Background()
	lite, post := openScratch(t, ""), openScratch(t, pg)
	lt, err1 := lite.Tables(ctx)
	pt, err2 := post.Tables(ctx)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !slices.Equal(lt, pt) || len(lt) < 10 {
		t.Fatalf("tables differ:\nsqlite   %v\npostgres %v", lt, pt)
	}
	for _, tb := range lt {
		lc, err1 := lite.Columns(ctx, tb)
		pc, err2 := post.Columns(ctx, tb)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !slices.Equal(lc, pc) {
			t.Errorf("table %s: columns differ:\nsqlite   %v\npostgres %v", tb, lc, pc)
		}
	}
	lv, _ := lite.Dump(ctx, "schema_migrations")
	pv, _ := post.Dump(ctx, "schema_migrations")
	if len(lv) != len(pv) {
		t.Errorf("%d migrations on SQLite, %d on PostgreSQL", len(lv), len(pv))
	}
}
