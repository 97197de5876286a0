package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// writeEvents records n audit events, one change each, as app.change does.
func writeEvents(t testing.TB, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		err := s.Write(ctx, func(tx *Tx) error {
			return tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: "office1", Action: "update", Entity: "measure",
				EntityID: fmt.Sprintf("2024H2-%03d", i%7+1), Before: fmt.Sprintf(`{"progress":%d}`, i), After: fmt.Sprintf(`{"progress":%d,"note":"第%d次"}`, i+1, i)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t testing.TB, s *Store) model.AuditCheck {
	t.Helper()
	c, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tamper runs statements the way someone with the database's owner rights
// would: around the triggers of migration 0014, which the application
// itself cannot pass.
func tamper(t testing.TB, s *Store, stmts ...string) {
	t.Helper()
	if err := s.Tamper(context.Background(), stmts...); err != nil {
		t.Fatal(err)
	}
}

// TestAuditChainIntact writes events and checks each points at the one
// before, from the chain's start, and that the head is the last.
func TestAuditChainIntact(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	if c := verify(t, s); !c.Intact() || c.Events != 0 || c.String() != "audit chain intact: 0 events" {
		t.Fatalf("empty chain: %+v %q", c, c.String())
	}
	writeEvents(t, s, 12)
	c := verify(t, s)
	if !c.Intact() || c.Events != 12 || c.First != 1 || c.Last != 12 || c.Anchor != model.GenesisHash {
		t.Fatalf("verify: %+v", c)
	}
	if want := "audit chain intact: 12 events (seq 1–12)"; c.String() != want {
		t.Errorf("message %q, want %q", c.String(), want)
	}
	var prev model.AuditEvent
	for i := int64(1); i <= 12; i++ {
		evs, err := s.AuditEvents(ctx, "measure", fmt.Sprintf("2024H2-%03d", (i-1)%7+1), 10)
		if err != nil {
			t.Fatal(err)
		}
		var ev model.AuditEvent
		for _, e := range evs {
			if e.Seq == i {
				ev = e
			}
		}
		want := model.GenesisHash
		if i > 1 {
			want = prev.Hash
		}
		if ev.Seq != i || ev.PrevHash != want || ev.Hash != model.AuditHash(want, ev) || len(ev.Hash) != 64 {
			t.Errorf("seq %d: %+v", i, ev)
		}
		prev = ev
	}
}

// TestAuditHashEncoding pins the documented encoding with a value computed
// by hand (printf '64:…,1:1,…' | sha256sum), so it cannot drift from the
// README's recipe.
func TestAuditHashEncoding(t *testing.T) {
	ev := model.AuditEvent{Seq: 1, At: time.UnixMilli(1719792000000), Actor: "office1", Action: "create", Entity: "measure",
		EntityID: "2024H2-001", Before: "", After: `{"title":"推进"}`}
	enc := "64:" + model.GenesisHash + ",1:1,13:1719792000000,7:office1,6:create,7:measure,10:2024H2-001,0:,18:{\"title\":\"推进\"},"
	if got, want := model.AuditHash(model.GenesisHash, ev), sha256Hex(enc); got != want {
		t.Errorf("AuditHash = %s, want sha256(%q) = %s", got, enc, want)
	}
	// Moving a byte from one field to the next changes the hash.
	ev2 := ev
	ev2.Actor, ev2.Action = "office", "1create"
	if model.AuditHash(model.GenesisHash, ev) == model.AuditHash(model.GenesisHash, ev2) {
		t.Error("two different events hash alike")
	}
}

// TestAuditVerifyFindsTampering changes the stored trail in the ways an
// insider with SQL access could, and checks verification names the first
// broken link each time.
func TestAuditVerifyFindsTampering(t *testing.T) {
	cases := []struct {
		name    string
		sql     []string
		kind    string
		seq     int64
		message string
	}{
		{"after changed", []string{`UPDATE audit_events SET after = '{"progress":100}' WHERE seq = 5`}, "hash", 5, "seq 5 (event id 5)"},
		{"actor changed", []string{`UPDATE audit_events SET actor = 'someone' WHERE seq = 9`}, "hash", 9, "the event was changed"},
		{"middle deleted", []string{`DELETE FROM audit_events WHERE seq = 6`}, "gap", 7, "follows seq 5: 1 event(s) missing"},
		{"two swapped", []string{
			`UPDATE audit_events SET entity_id = 'tmp' WHERE seq = 3`,
			`UPDATE audit_events SET entity_id = (SELECT entity_id FROM audit_events WHERE seq = 4), before = (SELECT before FROM audit_events WHERE seq = 4), after = (SELECT after FROM audit_events WHERE seq = 4) WHERE seq = 3`,
			`UPDATE audit_events SET entity_id = '2024H2-003', before = '{"progress":2}', after = '{"progress":3,"note":"第2次"}' WHERE seq = 4`,
		}, "hash", 3, "seq 3"},
		{"rehashed but relinked wrong", []string{`UPDATE audit_events SET prev_hash = hash WHERE seq = 8`}, "prev_hash", 8, "is not the hash of seq 7"},
		{"last deleted", []string{`DELETE FROM audit_events WHERE seq = 12`}, "head", 11, "head records seq 12"},
		{"first deleted", []string{`DELETE FROM audit_events WHERE seq <= 2`}, "anchor", 3, "no retention purge"},
		{"written around the chain", []string{`INSERT INTO audit_events (at, actor, action, entity, entity_id) VALUES (0, 'x', 'update', 'measure', 'm')`},
			"unsealed", 0, "no place in the chain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTestStore(t)
			writeEvents(t, s, 12)
			tamper(t, s, c.sql...)
			got := verify(t, s)
			if got.Intact() {
				t.Fatalf("tampered chain verifies: %+v", got)
			}
			if got.Broken.Kind != c.kind || got.Broken.Seq != c.seq || !strings.Contains(got.String(), c.message) {
				t.Errorf("broken link %+v, want kind %s at seq %d saying %q", got.Broken, c.kind, c.seq, c.message)
			}
		})
	}
}

// TestAuditEventsCannotChange: the application's SQL cannot change a
// sealed event on either engine, nor (PostgreSQL) delete one outside the
// retention purge, nor truncate the table.
func TestAuditEventsCannotChange(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	writeEvents(t, s, 3)
	refused := []string{
		`UPDATE audit_events SET after = '{}' WHERE seq = 2`,
		`UPDATE audit_events SET seq = seq + 10 WHERE seq = 3`,
	}
	if s.d.auditPurgeSQL != "" { // the engine guards deletes too (PostgreSQL)
		refused = append(refused, `DELETE FROM audit_events WHERE seq = 1`, `TRUNCATE audit_events`)
	}
	for _, q := range refused {
		err := s.Write(ctx, func(tx *Tx) error { return tx.Exec(ctx, q) })
		if err == nil || !strings.Contains(err.Error(), "audit events") {
			t.Errorf("%s: %v, want the trigger's refusal", q, err)
		}
	}
	if c := verify(t, s); !c.Intact() || c.Events != 3 {
		t.Errorf("after refused changes: %+v", c)
	}
}

// TestAuditGroupCommitRollsBackHead: on SQLite several changes share a
// transaction, each in a savepoint. A change that fails after writing its
// event must take its move of the chain's head back with it, or the next
// change would chain onto an event that does not exist; and its bump of a
// counter, or the numbers given out would skip (both rows are moved in
// memory and written once per transaction: deferred.go).
func TestAuditGroupCommitRollsBackHead(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	writeEvents(t, s, 1)
	release, heldDone := holdWriter(t, s)
	before := groupCommits.Load()
	const n = 9
	errs := make([]error, n)
	numbers := make([]int64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Write(ctx, func(tx *Tx) error {
				v, err := tx.Bump(ctx, "probe_seq")
				if err != nil {
					return err
				}
				numbers[i] = v
				if err := tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: "x", Action: "update", Entity: "measure", EntityID: fmt.Sprint(i)}); err != nil {
					return err
				}
				if i%3 == 1 {
					return model.Invalid("x", "change %d refuses after its event", i)
				}
				return nil
			})
		}()
	}
	waitQueued(t, s, n)
	close(release)
	wg.Wait()
	if err := <-heldDone; err != nil {
		t.Fatal(err)
	}
	if groupCommits.Load() == before {
		t.Fatal("no commit covered more than one change")
	}
	kept := 0
	var given []int64
	for i, err := range errs {
		if (i%3 == 1) != (err != nil) {
			t.Errorf("change %d: %v", i, err)
		}
		if err == nil {
			kept++
			given = append(given, numbers[i])
		}
	}
	slices.Sort(given)
	for i, v := range given {
		if v != int64(i+1) {
			t.Errorf("numbers given to the kept changes: %v, want 1…%d", given, kept)
			break
		}
	}
	if v, err := s.Counter(ctx, "probe_seq"); err != nil || v != int64(kept) {
		t.Errorf("counter after the batch: %d, %v; want %d", v, err, kept)
	}
	c := verify(t, s)
	if !c.Intact() || c.Events != int64(1+kept) || c.Last != int64(1+kept) {
		t.Errorf("after a batch with failed changes: %+v (want %d events, intact)", c, 1+kept)
	}
	writeEvents(t, s, 1)
	if c := verify(t, s); !c.Intact() || c.Last != int64(2+kept) {
		t.Errorf("after one more event: %+v", c)
	}
}

// TestAuditConcurrentWriters: many writers at once (on PostgreSQL each its
// own transaction, serialised by the head's row lock; on SQLite group
// commit) leave one unbroken chain.
func TestAuditConcurrentWriters(t *testing.T) {
	s := openTestStore(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			writeEvents(t, s, 25)
		}()
	}
	wg.Wait()
	if c := verify(t, s); !c.Intact() || c.Events != 200 || c.Last != 200 {
		t.Errorf("after concurrent writers: %+v", c)
	}
}

// TestAuditSealedOnMigration builds a database as it was before migration
// 0014, with events, and migrates it: the old events are sealed into the
// chain in id order, and new ones follow them.
func TestAuditSealedOnMigration(t *testing.T) {
	ctx := context.Background()
	s, err := openUnmigrated(t)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.migrate(ctx, auditChainVersion-1); err != nil {
		t.Fatal(err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		var rows [][]any
		for i := range 1234 { // several sealing batches
			rows = append(rows, []any{int64(1700000000000 + i), "office1", "update", "measure", fmt.Sprint(i % 5), "", fmt.Sprintf(`{"n":%d}`, i)})
		}
		return tx.BulkInsert(ctx, "audit_events", []string{"at", "actor", "action", "entity", "entity_id", "before", "after"}, rows)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c := verify(t, s)
	if !c.Intact() || c.Events != 1234 || c.First != 1 || c.Last != 1234 {
		t.Fatalf("after migration: %+v", c)
	}
	evs, err := s.AuditEvents(ctx, "measure", "3", 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Seq != ev.ID {
			t.Errorf("event id %d sealed at seq %d, want in id order", ev.ID, ev.Seq)
		}
	}
	writeEvents(t, s, 2)
	if c := verify(t, s); !c.Intact() || c.Last != 1236 {
		t.Errorf("new events after the sealed ones: %+v", c)
	}
	// Opening again seals nothing more and changes nothing.
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if c := verify(t, s); !c.Intact() || c.Last != 1236 {
		t.Errorf("after a second open: %+v", c)
	}
}

// openUnmigrated opens a fresh, empty database without migrating it: a
// SQLite file, or a new PostgreSQL schema when LUOSHI_TEST_POSTGRES is set
// (OpenScratch migrates, so the schema is emptied of its tables first).
func openUnmigrated(t *testing.T) (*Store, error) {
	s := openTestStore(t)
	if s.d.name == "sqlite" {
		return Open(filepath.Join(t.TempDir(), "old.db"))
	}
	ctx := context.Background()
	tables, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	for _, tb := range tables {
		if _, err := s.write.ExecContext(ctx, `DROP TABLE `+tb+` CASCADE`); err != nil {
			return nil, err
		}
	}
	_, err = s.write.ExecContext(ctx, `DROP FUNCTION audit_events_guard()`)
	return s, err
}

// TestAuditPurge removes old events by retention: the purge is itself an
// event naming what it removed, the chain still verifies from its new
// anchor, and a purge with nothing to remove records nothing.
func TestAuditPurge(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	day := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return day }
	writeEvents(t, s, 5) // seq 1–5 on 1 January
	day = day.AddDate(0, 0, 10)
	writeEvents(t, s, 3) // seq 6–8 ten days later
	purge := func(cutoff time.Time) model.AuditPurge {
		var p model.AuditPurge
		err := s.Write(ctx, func(tx *Tx) error {
			var err error
			p, err = tx.PurgeAudit(ctx, cutoff, "scheduler", 183)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := purge(day.AddDate(0, 0, -5))
	if p.Deleted != 5 || p.FromSeq != 1 || p.ThroughSeq != 5 || len(p.LastHash) != 64 {
		t.Fatalf("purge: %+v", p)
	}
	c := verify(t, s)
	if !c.Intact() || c.Events != 4 || c.First != 6 || c.Last != 9 || c.PurgedBy != 9 || c.Anchor != p.LastHash {
		t.Fatalf("after the purge: %+v", c)
	}
	if !strings.Contains(c.String(), "removed by the retention purge (recorded at seq 9)") {
		t.Errorf("message %q", c.String())
	}
	evs, _ := s.AuditEvents(ctx, model.AuditPurgeEntity, model.AuditPurgeEntityID, 5)
	if len(evs) != 1 || evs[0].Seq != 9 || !strings.Contains(evs[0].After, `"through_seq":5`) {
		t.Errorf("purge event: %+v", evs)
	}
	if p := purge(day.AddDate(0, 0, -5)); p.Deleted != 0 {
		t.Errorf("second purge: %+v", p)
	}
	// Deleting the first events outside a purge breaks the anchor.
	tamper(t, s, `DELETE FROM audit_events WHERE seq = 6`)
	if c := verify(t, s); c.Intact() || c.Broken.Kind != "anchor" || c.Broken.Seq != 7 {
		t.Errorf("first kept event deleted: %+v", c.Broken)
	}
}

// TestAuditPurgeLeavesNoHole: a later seq written at an earlier time (two
// servers' clocks) is not purged ahead of the events before it.
func TestAuditPurgeLeavesNoHole(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	day := time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{day, day.AddDate(0, 0, -1), day} {
		s.Now = func() time.Time { return at }
		writeEvents(t, s, 1)
	}
	err := s.Write(ctx, func(tx *Tx) error {
		p, err := tx.PurgeAudit(ctx, day.Add(-12*time.Hour), "scheduler", 183)
		if p.Deleted != 0 {
			t.Errorf("purge removed seq 2 before seq 1: %+v", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := verify(t, s); !c.Intact() || c.Events != 3 {
		t.Errorf("after the purge: %+v", c)
	}
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestAuditRowsOnlyPurged scans the program's Go source for SQL that
// changes or deletes audit events. The only places allowed are the
// retention purge (PurgeAudit, DELETE) and sealing (SealAudit, UPDATE that
// fills in the chain columns of events written before the chain, which
// migration 0014's triggers check). Anything else is a way to rewrite
// history and fails here.
func TestAuditRowsOnlyPurged(t *testing.T) {
	allowed := map[string]string{"PurgeAudit": "delete", "SealAudit": "update"}
	changes := regexp.MustCompile(`(?is)\b(update\s+"?audit_events\b|delete\s+from\s+"?audit_events\b|truncate\s+(table\s+)?"?audit_events\b|drop\s+table\s+(if\s+exists\s+)?"?audit_events\b)`)
	found := map[string]bool{}
	scanned := 0
	for _, root := range []string{".", "..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if root == ".." && path != ".." && filepath.Base(path) == "store" {
					return filepath.SkipDir // scanned as "."
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			scanned++
			ast.Inspect(f, func(n ast.Node) bool {
				fn, ok := n.(*ast.FuncDecl)
				if !ok {
					return true
				}
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					lit, ok := n.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						return true
					}
					m := changes.FindString(lit.Value)
					if m == "" {
						return true
					}
					verb := strings.ToLower(strings.Fields(m)[0])
					if root == "." && allowed[fn.Name.Name] == verb {
						found[fn.Name.Name] = true
						return true
					}
					t.Errorf("%s: %s changes audit events (%q): only the retention purge may delete them, and nothing may change them",
						fset.Position(lit.Pos()), fn.Name.Name, m)
					return true
				})
				return false
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if scanned < 50 || !found["PurgeAudit"] || !found["SealAudit"] {
		t.Errorf("scanned %d files, found %v: has the scan stopped seeing the SQL?", scanned, found)
	}
}
