package store

import (
	"context"
	"strconv"
	"strings"
)

// dialect holds what really differs between SQLite and PostgreSQL. All SQL is
// written with ? placeholders in the subset both engines share.
type dialect struct {
	name    string
	dollars bool // PostgreSQL numbers its placeholders $1, $2…
	// tablesSQL lists the user tables of the database (PostgreSQL: of the
	// schema search_path puts first, never named in SQL).
	tablesSQL string
	// columnsSQL lists a table's columns in order (one ? for the table).
	columnsSQL string
	// skipLocked ends a SELECT … LIMIT that picks rows to lease, so that
	// servers leasing at once each get other rows (PostgreSQL). SQLite
	// needs none: its one writer leases in turn.
	skipLocked string
}

// sqliteDialect lists tables with pragma_table_list, which tells virtual
// tables (the FTS5 search index) and their shadow tables from ordinary ones:
// they are derived data, rebuilt from the tables listed, and PostgreSQL has
// no counterpart of them.
var sqliteDialect = dialect{
	name:       "sqlite",
	tablesSQL:  `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
	columnsSQL: `SELECT name FROM pragma_table_info(?) ORDER BY cid`,
}

// postgresDialect lists columns without the generated ones (search_docs.tsv):
// nothing writes them, and SQLite's twin tables have none.
var postgresDialect = dialect{
	name:       "postgres",
	dollars:    true,
	skipLocked: ` FOR UPDATE SKIP LOCKED`,
	tablesSQL:  `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
	columnsSQL: `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`,
}

// migrationLock is the PostgreSQL advisory lock key servers take turns on
// while migrating ("luoshi" in ASCII).
const migrationLock = 0x6c756f736869

// lockMigrations makes servers that start together on one PostgreSQL migrate
// one after another; the lock ends with the transaction. SQLite needs none:
// its write transaction already excludes other writers.
func (d dialect) lockMigrations(ctx context.Context, tx *Tx) error {
	if !d.dollars {
		return nil
	}
	_, err := tx.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+strconv.FormatInt(migrationLock, 10)+`)`)
	return err
}

// rebind rewrites ? placeholders for engines that number them.
func (d dialect) rebind(q string) string {
	if !d.dollars {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
