package store

import (
	"strconv"
	"strings"
)

// dialect holds what really differs between SQLite and PostgreSQL. All SQL is
// written with ? placeholders in the subset both engines share.
type dialect struct {
	name    string
	dollars bool // PostgreSQL numbers its placeholders $1, $2…
}

var sqliteDialect = dialect{name: "sqlite"}

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
