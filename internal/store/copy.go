package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// copyOrder is the order CopyAll fills tables in: every table after the
// tables its foreign keys point to. A migration that adds a table must add it
// here too; CopyAll refuses to run on a table it does not know, so a new
// table is never skipped silently. schema_migrations is not copied: each side
// keeps its own, and CopyAll only checks that they agree.
var copyOrder = []string{
	"units", // by tree depth: a parent before its children
	"unit_aliases",
	"people",
	"accounts",
	"submissions",
	"periods",
	"meetings",
	"agenda_items",
	"agenda_files",
	"minutes",
	"campaigns", // study campaigns (0027)
	"campaign_units",
	"campaign_requirements",
	"campaign_sessions",
	"campaign_attendance",
	"campaign_files",
	"campaign_summaries",
	"retreat_topics", // 0028: preparing a retreat
	"retreat_groups",
	"retreat_remarks",
	"retreat_remark_files",
	"summaries",        // 0029: after periods, meetings and agenda items
	"agenda_proposals", // 0029
	"measures",
	"measure_units",
	"progress_reports",
	"evidence",
	"comments",
	"comment_mentions",
	"drafts",
	"problems",
	"problem_measures",
	"allocations",
	"indicators",
	"indicator_values",
	"indicator_corrections",
	"period_locks",
	"unit_reports",
	"search_docs",
	"bulletins",
	"notices",
	"notice_recipients",
	"webhooks",
	"deliveries",
	"job_runs",
	"audit_events",
	"audit_chain",
	"settings",
	"portfolios",
	"academic_terms",
	"assessments",            // 0030
	"assessment_sources",     // 0030
	"assessment_adjustments", // 0030
	"counters",
	"sessions",
	"signin_failures", // counts and locks last minutes, but a lock moves with the data
}

// CopiedTable is how many rows CopyAll wrote into one table.
type CopiedTable struct {
	Table string
	Rows  int
}

var plainName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// CopyAll copies every row of every table from one database into another
// that is migrated to the same version and empty, keeping ids, in one write
// transaction on the target: all of it is copied or nothing is. Rows are read
// in one read transaction, so a server may keep running on the source. On a
// PostgreSQL target each identity sequence then continues after the largest
// copied id, and the copied tables are vacuumed and analyzed
// (SettleAfterLoad). It moves a SQLite database to PostgreSQL (luoshi migrate --from
// --to); values pass through database/sql unchanged, which works because both
// engines' schemas use the same column types (BIGINT/INTEGER, TEXT,
// DOUBLE PRECISION/REAL, BYTEA/BLOB).
func CopyAll(ctx context.Context, from, to *Store) ([]CopiedTable, error) {
	return CopyAllProgress(ctx, from, to, nil)
}

// CopyAllProgress is CopyAll telling rows, when it is not nil, how many
// rows it has written so far, batch by batch.
func CopyAllProgress(ctx context.Context, from, to *Store, rows func(done int)) ([]CopiedTable, error) {
	tables, err := copyTables(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if err := sameVersions(ctx, from, to); err != nil {
		return nil, err
	}
	src, err := from.read.BeginTx(ctx, from.d.snapshotRead())
	if err != nil {
		return nil, fmt.Errorf("store: copy: %w", err)
	}
	defer src.Rollback()
	var out []CopiedTable
	done := 0
	err = to.Write(ctx, func(tx *Tx) error {
		for _, t := range tables {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
				return fmt.Errorf("store: copy: count %s: %w", t, err)
			}
			if n > 0 {
				return model.Errorf(model.EINVALID, "target database is not empty: table %s holds %d rows; copy into a new database or schema", t, n)
			}
		}
		for _, t := range tables {
			cols, err := from.Columns(ctx, t)
			if err != nil {
				return fmt.Errorf("store: copy: columns of %s: %w", t, err)
			}
			key, err := from.primaryKey(ctx, t)
			if err != nil {
				return fmt.Errorf("store: copy: primary key of %s: %w", t, err)
			}
			n, err := copyTable(ctx, src, tx, t, cols, key, func(n int) {
				if rows != nil {
					rows(done + n)
				}
			})
			if err != nil {
				return err
			}
			done += n
			if to.d.identitySequences && slices.Contains(cols, "id") {
				if err := resetIdentity(ctx, tx, t); err != nil {
					return err
				}
			}
			out = append(out, CopiedTable{Table: t, Rows: n})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := to.SettleAfterLoad(ctx, tables); err != nil {
		return nil, err
	}
	return out, nil
}

// copyTables is copyOrder checked against both databases: the same tables on
// both sides, each of them known, with the same columns.
func copyTables(ctx context.Context, from, to *Store) ([]string, error) {
	have, err := from.Tables(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: copy: tables: %w", err)
	}
	want, err := to.Tables(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: copy: tables: %w", err)
	}
	slices.Sort(have) // the engines collate "_" differently
	slices.Sort(want)
	if !slices.Equal(have, want) {
		return nil, fmt.Errorf("store: copy: the databases hold different tables (%s; %s)", strings.Join(have, ", "), strings.Join(want, ", "))
	}
	var tables []string
	for _, t := range copyOrder {
		if slices.Contains(have, t) {
			tables = append(tables, t)
		}
	}
	for _, t := range have {
		if t == "schema_migrations" {
			continue
		}
		if !slices.Contains(copyOrder, t) {
			return nil, fmt.Errorf("store: copy: table %s has no place in the copy order; add it to copyOrder in internal/store/copy.go after the tables it references", t)
		}
		if !plainName.MatchString(t) {
			return nil, fmt.Errorf("store: copy: unexpected table name %q", t)
		}
		a, err := from.Columns(ctx, t)
		if err != nil {
			return nil, err
		}
		b, err := to.Columns(ctx, t)
		if err != nil {
			return nil, err
		}
		if !slices.Equal(a, b) {
			return nil, fmt.Errorf("store: copy: table %s has columns (%s) in the source but (%s) in the target", t, strings.Join(a, ", "), strings.Join(b, ", "))
		}
	}
	return tables, nil
}

// sameVersions checks both databases have applied the same migrations.
func sameVersions(ctx context.Context, from, to *Store) error {
	versions := func(s *Store) ([]int64, error) {
		rows, err := s.read.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
		if err != nil {
			return nil, fmt.Errorf("store: copy: migrations: %w", err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var v int64
			if err := rows.Scan(&v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
	a, err := versions(from)
	if err != nil {
		return err
	}
	b, err := versions(to)
	if err != nil {
		return err
	}
	if !slices.Equal(a, b) {
		return fmt.Errorf("store: copy: source has migrations %v, target %v; migrate both first", a, b)
	}
	return nil
}

// copyTable streams one table's rows from src into tx in multi-row INSERTs
// and returns how many it wrote. key names the primary key's columns, for
// naming a row the target cannot store.
func copyTable(ctx context.Context, src *sql.Tx, tx *Tx, table string, cols, key []string, written func(int)) (int, error) {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+table)
	if err != nil {
		return 0, fmt.Errorf("store: copy: read %s: %w", table, err)
	}
	defer rows.Close()
	per := max(1, min(1000, maxBulkParams/len(cols)))
	var batch [][]any
	n, size := 0, 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("store: copy: read %s: %w", table, err)
		}
		if err := storable(tx.d, table, cols, key, n+len(batch)+1, vals); err != nil {
			return n, err
		}
		batch = append(batch, vals)
		size += bytesIn(vals)
		if table != "units" && (len(batch) == per || size >= maxCopyBatchBytes) {
			if err := tx.BulkInsert(ctx, table, quoted, batch); err != nil {
				return n, fmt.Errorf("store: copy: %w", err)
			}
			n += len(batch)
			written(n)
			batch, size = batch[:0], 0
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("store: copy: read %s: %w", table, err)
	}
	if table == "units" {
		if batch, err = byTreeDepth(batch, slices.Index(cols, "code"), slices.Index(cols, "parent")); err != nil {
			return 0, err
		}
	}
	if err := tx.BulkInsert(ctx, table, quoted, batch); err != nil {
		return n, fmt.Errorf("store: copy: %w", err)
	}
	return n + len(batch), nil
}

// storable refuses a row holding text the target cannot store, naming the
// table, the row by its primary key (by its place in the table when it has
// none) and the column, so that the row can be corrected in the source: the
// target's own error names none of them.
func storable(d dialect, table string, cols, key []string, place int, vals []any) error {
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if p := d.unstorable(s); p != "" {
			return model.Errorf(model.EINVALID, "store: copy: table %s, row %s: column %s %s; the target database cannot store it: correct the row in the source and copy again",
				table, rowName(cols, key, place, vals), cols[i], p)
		}
	}
	return nil
}

// rowName names a row by its key's values: id=3, or measure_id=3 unit="KJC".
func rowName(cols, key []string, place int, vals []any) string {
	if len(key) == 0 {
		return fmt.Sprintf("number %d", place)
	}
	parts := make([]string, 0, len(key))
	for _, k := range key {
		if i := slices.Index(cols, k); i >= 0 {
			switch v := vals[i].(type) {
			case string, []byte:
				parts = append(parts, fmt.Sprintf("%s=%q", k, v))
			default:
				parts = append(parts, fmt.Sprintf("%s=%v", k, v))
			}
		}
	}
	return strings.Join(parts, " ")
}

// primaryKey lists a table's primary key columns in order.
func (s *Store) primaryKey(ctx context.Context, table string) ([]string, error) {
	return s.strings(ctx, s.d.keySQL, table)
}

// maxCopyBatchBytes bounds the text and blobs one batch of copied rows holds
// in memory: a batch of evidence files would otherwise be a thousand files.
// A variable so a test can watch a table cross it with small rows.
var maxCopyBatchBytes = 16 << 20

// bytesIn is how many bytes of text and blobs a row holds.
func bytesIn(vals []any) int {
	n := 0
	for _, v := range vals {
		switch v := v.(type) {
		case []byte:
			n += len(v)
		case string:
			n += len(v)
		}
	}
	return n
}

// byTreeDepth orders unit rows so that every parent comes before its
// children, as the units.parent foreign key needs.
func byTreeDepth(rows [][]any, code, parent int) ([][]any, error) {
	if code < 0 || parent < 0 {
		return nil, fmt.Errorf("store: copy: units has no code or parent column")
	}
	key := func(v any) string {
		switch v := v.(type) {
		case nil:
			return ""
		case []byte:
			return string(v)
		default:
			return fmt.Sprint(v)
		}
	}
	parents := make(map[string]string, len(rows))
	for _, r := range rows {
		parents[key(r[code])] = key(r[parent])
	}
	depth := make(map[string]int, len(rows))
	for _, r := range rows {
		c := key(r[code])
		d := 0
		for p := parents[c]; p != ""; p = parents[p] {
			d++
			if d > len(rows) {
				return nil, fmt.Errorf("store: copy: unit %s is its own ancestor", c)
			}
		}
		depth[c] = d
	}
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b []any) int { return depth[key(a[code])] - depth[key(b[code])] })
	return out, nil
}

// resetIdentity makes a PostgreSQL identity column continue after the
// largest id copied in (a sequence knows nothing of rows inserted with their
// ids given). pg_get_serial_sequence resolves the table through search_path,
// so no schema is named.
func resetIdentity(ctx context.Context, tx *Tx, table string) error {
	var seq sql.NullString
	if err := tx.queryRow(ctx, `SELECT pg_get_serial_sequence('`+table+`', 'id')`).Scan(&seq); err != nil {
		return fmt.Errorf("store: copy: sequence of %s: %w", table, err)
	}
	if !seq.Valid {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), COALESCE(max(id), 0) + 1, false) FROM `+table)
	if err != nil {
		return fmt.Errorf("store: copy: reset sequence of %s: %w", table, err)
	}
	return nil
}
