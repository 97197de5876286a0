package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// dialect holds what really differs between SQLite and PostgreSQL. All SQL is
// written with ? placeholders in the subset both engines share.
type dialect struct {
	name    string
	dollars bool // PostgreSQL numbers its placeholders $1, $2…; only rebind reads it
	// tablesSQL lists the user tables of the database (PostgreSQL: of the
	// schema search_path puts first, never named in SQL).
	tablesSQL string
	// columnsSQL lists a table's columns in order (one ? for the table).
	columnsSQL string
	// keySQL lists a table's primary key columns in order (one ? for the
	// table), so a copy can name a row it cannot write.
	keySQL string
	// skipLocked ends a SELECT … LIMIT that picks rows to lease, so that
	// servers leasing at once each get other rows (PostgreSQL). SQLite
	// needs none: its one writer leases in turn.
	skipLocked string
	// strictText is set when the engine's text holds valid UTF-8 without
	// NUL only (PostgreSQL); SQLite's holds any bytes. See unstorable.
	strictText bool
	// concurrentWriters is set when several connections and servers write
	// at once (PostgreSQL), so a transaction must lock what it reads to
	// change; SQLite's one writer connection already excludes the others.
	concurrentWriters bool
	// readCommitted is set when the engine's default isolation takes a new
	// snapshot for each statement (PostgreSQL); a SQLite read transaction
	// reads one snapshot from start to end. See snapshotRead.
	readCommitted bool
	// identitySequences is set when id columns draw from a sequence that
	// rows inserted with their ids given do not move (PostgreSQL identity
	// columns); SQLite's INTEGER PRIMARY KEY always continues from the
	// largest id.
	identitySequences bool
	// vacuumAfterLoad is set when a bulk load leaves work the first
	// readers would otherwise pay for: statistics for the planner, and the
	// visibility map and hint bits (PostgreSQL: SettleAfterLoad).
	vacuumAfterLoad bool
	// auditPurgeSQL switches (one ? for 'on' or 'off') the transaction's
	// permission to delete audit events that migration 0014's trigger
	// checks on PostgreSQL; SQLite has no session setting for a trigger to
	// read, so its migration lets deletes through and the chain shows them.
	auditPurgeSQL string
	// unsealAuditSQL lifts migration 0014's guard on audit events, as the
	// database's owner could, and resealAuditSQL puts it back where the
	// engine can ("" for SQLite: its trigger stays dropped). Only tests that
	// tamper with the chain, to show verification finds it, run them.
	unsealAuditSQL, resealAuditSQL string
	// integritySQL asks the engine to check its own file ("" when there is
	// nothing to ask: PostgreSQL keeps its own consistency).
	integritySQL string
	// noBackup says why luoshi backup cannot copy the database ("" when
	// VACUUM INTO can: SQLite).
	noBackup string
	// fullText is how the engine matches and ranks search documents: FTS5
	// on SQLite, a tsvector with its GIN index on PostgreSQL.
	fullText searchEngine
	// idSetSQL is a subquery yielding the ids of one parameter (idSetArg),
	// for `x IN (…)`: however many ids there are, the text stays the same,
	// so it is prepared once, instead of once per list of ids.
	idSetSQL string
	// idSetArg is the parameter of idSetSQL: a JSON array for SQLite's
	// json_each, an int8[] for PostgreSQL.
	idSetArg func(ids []int64) any
	// recipientGroupsSQL yields the rows (notice id, account) of one
	// parameter, a JSON array of groups [[notice ids…], [accounts…]]: every
	// notice of a group goes to every account of it.
	recipientGroupsSQL string
	// byLeadUnit follows "FROM measures m" where a unit's led measures are
	// read in id order (measures_lead_unit): SQLite's planner, seeing a
	// status filter, reads them through measures_board instead and sorts
	// them all, four times slower for a page; PostgreSQL needs no hint.
	byLeadUnit string
}

// sqliteDialect lists tables with pragma_table_list, which tells virtual
// tables (the FTS5 search index) and their shadow tables from ordinary ones:
// they are derived data, rebuilt from the tables listed, and PostgreSQL has
// no counterpart of them.
var sqliteDialect = dialect{
	name:               "sqlite",
	unsealAuditSQL:     `DROP TRIGGER audit_events_sealed`,
	tablesSQL:          `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
	columnsSQL:         `SELECT name FROM pragma_table_info(?) ORDER BY cid`,
	keySQL:             `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`,
	integritySQL:       `PRAGMA integrity_check`,
	fullText:           sqliteSearch,
	idSetSQL:           `SELECT value FROM json_each(?)`,
	recipientGroupsSQL: `SELECT n.value, a.value FROM json_each(?) g, json_each(g.value, '$[0]') n, json_each(g.value, '$[1]') a`,
	byLeadUnit:         ` INDEXED BY measures_lead_unit`,
	idSetArg: func(ids []int64) any {
		b := make([]byte, 0, 8*len(ids)+2)
		b = append(b, '[')
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, id, 10)
		}
		return string(append(b, ']'))
	},
}

// postgresDialect lists columns without the generated ones (search_docs.tsv):
// nothing writes them, and SQLite's twin tables have none.
var postgresDialect = dialect{
	name:           "postgres",
	unsealAuditSQL: `ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard`,
	resealAuditSQL: `ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard`,
	dollars:        true,
	skipLocked:     ` FOR UPDATE SKIP LOCKED`,
	tablesSQL:      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
	columnsSQL:     `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`,
	keySQL: `SELECT k.column_name FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k
			ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
		WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY'
		ORDER BY k.ordinal_position`,
	strictText:        true,
	concurrentWriters: true,
	readCommitted:     true,
	identitySequences: true,
	vacuumAfterLoad:   true,
	auditPurgeSQL:     `SELECT set_config('luoshi.audit_purge', ?, true)`,
	noBackup:          "luoshi backup copies SQLite files; back up PostgreSQL with pg_dump",
	fullText:          postgresSearch,
	idSetSQL:          `SELECT unnest(?::int8[])`,
	recipientGroupsSQL: `SELECT n.value::int8, a.value FROM jsonb_array_elements(?::jsonb) g,
		jsonb_array_elements_text(g.value->0) n, jsonb_array_elements_text(g.value->1) a`,
	idSetArg: func(ids []int64) any { return ids },
}

// migrationLock is the PostgreSQL advisory lock class servers take turns on
// while migrating ("luos" in ASCII); the schema's name, hashed, is the key
// within it, so that institutions sharing one database, each in its own
// schema, never wait for each other's migrations.
const migrationLock = 0x6c756f73

// lockMigrations makes servers that start together on one PostgreSQL schema
// migrate one after another; the lock ends with the transaction. SQLite
// needs none: its write transaction already excludes other writers.
func (d dialect) lockMigrations(ctx context.Context, tx *Tx) error {
	if !d.concurrentWriters {
		return nil
	}
	_, err := tx.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+strconv.Itoa(migrationLock)+`, hashtext(current_schema()))`)
	return err
}

// lockAuditHead reads the audit chain's head row into seq and hash and holds
// it to the end of the transaction, so that servers writing at once chain
// one after another; sql.ErrNoRows means the row does not exist yet.
// PostgreSQL: SELECT … FOR UPDATE holds the row; the very first event
// creates it (ON CONFLICT DO NOTHING waits for a server creating it at the
// same moment) and locks it then. SQLite: its one writer already
// serialises, a plain read suffices. Either way it runs once per
// transaction (Tx.lockHead).
func (d dialect) lockAuditHead(ctx context.Context, tx *Tx, seq *int64, hash *string) error {
	q := `SELECT seq, hash FROM audit_chain WHERE id = 1`
	if !d.concurrentWriters {
		return tx.queryRow(ctx, q).Scan(seq, hash)
	}
	q += ` FOR UPDATE`
	err := tx.queryRow(ctx, q).Scan(seq, hash)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_chain (id, seq, hash) VALUES (1, 0, ?) ON CONFLICT (id) DO NOTHING`, model.GenesisHash); err != nil {
		return err
	}
	return tx.queryRow(ctx, q).Scan(seq, hash)
}

// allowAuditPurge turns the transaction's permission to delete audit events
// on or off, where a trigger asks for it (auditPurgeSQL).
func (d dialect) allowAuditPurge(ctx context.Context, tx *Tx, on bool) error {
	if d.auditPurgeSQL == "" {
		return nil
	}
	v := "off"
	if on {
		v = "on"
	}
	_, err := tx.exec(ctx, d.auditPurgeSQL, v)
	return err
}

// snapshotRead is the options of a read-only transaction that sees one
// moment of the database throughout: REPEATABLE READ on PostgreSQL, whose
// default takes a snapshot per statement; nil, the default, on SQLite,
// whose read transaction already does.
func (d dialect) snapshotRead() *sql.TxOptions {
	if !d.readCommitted {
		return nil
	}
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// unstorable says why the engine's text cannot hold s, or "" when it can:
// PostgreSQL's holds neither a NUL nor invalid UTF-8 (model.TextProblem),
// which a SQLite database written before luoshi refused them may hold.
func (d dialect) unstorable(s string) string {
	if !d.strictText {
		return ""
	}
	return model.TextProblem(s)
}

// rebind rewrites ? placeholders for engines that number them. A ? inside
// a string literal ('why?', a quote inside it doubled) or a quoted name
// is left as it is: it is a question mark, not a parameter.
func (d dialect) rebind(q string) string {
	if !d.dollars {
		return q
	}
	var b strings.Builder
	n := 0
	var quote byte // the quote the scan is inside, or 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			// A doubled quote inside reads as the quote closing and opening again.
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
