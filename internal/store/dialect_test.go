package store

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRebind checks PostgreSQL's placeholders are numbered outside quotes
// only: a ? inside a string literal (a quote in one is doubled) or a quoted
// name is a question mark, not a parameter.
func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT '?' FROM t WHERE b = ?`, `SELECT '?' FROM t WHERE b = $1`},
		{`UPDATE t SET note = 'why?' || ? WHERE id = ?`, `UPDATE t SET note = 'why?' || $1 WHERE id = $2`},
		{`SELECT 'it''s ?', ? FROM t`, `SELECT 'it''s ?', $1 FROM t`},
		{`SELECT '''?''', ?`, `SELECT '''?''', $1`},
		{`SELECT '', ?, ''`, `SELECT '', $1, ''`},
		{`SELECT "odd?name" FROM t WHERE x = ?`, `SELECT "odd?name" FROM t WHERE x = $1`},
		{`SELECT 'a"?' || "b'?" || ?`, `SELECT 'a"?' || "b'?" || $1`},
		{`INSERT INTO t VALUES (?, '中文？?', ?)`, `INSERT INTO t VALUES ($1, '中文？?', $2)`},
	} {
		if got := postgresDialect.rebind(c.in); got != c.want {
			t.Errorf("rebind(%s) = %s, want %s", c.in, got, c.want)
		}
		if got := sqliteDialect.rebind(c.in); got != c.in {
			t.Errorf("SQLite rebind(%s) = %s, want it unchanged", c.in, got)
		}
	}
}

// TestRebindLiteral runs a query with a ? inside a literal on the engine
// LUOSHI_TEST_POSTGRES chooses: the literal comes back as written.
func TestRebindLiteral(t *testing.T) {
	s := openScratch(t, os.Getenv("LUOSHI_TEST_POSTGRES"))
	var lit, arg string
	err := s.read.QueryRowContext(context.Background(), s.d.rebind(`SELECT 'why?', CAST(? AS TEXT)`), "x").Scan(&lit, &arg)
	if err != nil || lit != "why?" || arg != "x" {
		t.Errorf("SELECT 'why?', ?: %q %q %v", lit, arg, err)
	}
}

// TestDollarsOnlyInRebind keeps the placeholder flag about placeholders:
// every other engine difference is a named field or method of dialect, so
// no code reads dollars to mean "is PostgreSQL". It parses the package's
// files (tests aside) and fails on any .dollars outside dialect.go's rebind.
func TestDollarsOnlyInRebind(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			inRebind := false
			if fn, ok := decl.(*ast.FuncDecl); ok {
				inRebind = name == "dialect.go" && fn.Name.Name == "rebind" && fn.Recv != nil
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "dollars" {
					return true
				}
				seen++
				if !inRebind {
					t.Errorf("%s: .dollars read outside rebind; name the engine difference in dialect.go instead", fset.Position(sel.Pos()))
				}
				return true
			})
		}
	}
	if seen == 0 {
		t.Error("rebind reads no .dollars: the test no longer looks where it should")
	}
}
