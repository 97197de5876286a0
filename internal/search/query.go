package search

import (
	"strings"
	"unicode/utf8"
)

// MaxQueryRunes bounds what a reader may type: longer queries are cut, so a
// pasted paragraph cannot make one query scan the whole index many times.
const MaxQueryRunes = 100

// Term is one thing a query asks for: a Latin word, the bigrams of a Han
// run as a phrase (they must stand next to each other, so 学科建设 finds the
// four characters together and not 学科 here and 建设 there), or a lone Han
// character, matched as the start of a token.
type Term struct {
	Tokens []string
	Prefix bool
}

// Query is a reader's query, tokenized as documents are. Every term must
// match.
type Query struct {
	Terms []Term
}

// ParseQuery reads what a reader typed.
func ParseQuery(s string) Query {
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		s = string([]rune(s)[:MaxQueryRunes])
	}
	var q Query
	seen := map[string]bool{}
	toks := Tokenize(s)
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && toks[j].Run == toks[i].Run {
			j++
		}
		t := Term{}
		for _, tok := range toks[i:j] {
			t.Tokens = append(t.Tokens, tok.Text)
		}
		t.Prefix = toks[i].Han && j == i+1 && utf8.RuneCountInString(toks[i].Text) == 1
		key := strings.Join(t.Tokens, " ")
		if !seen[key] {
			seen[key] = true
			q.Terms = append(q.Terms, t)
		}
		i = j
	}
	return q
}

// Compound reports whether the query asks for a phrase (the bigrams of a
// longer Han run) or for several terms.
func (q Query) Compound() bool {
	return len(q.Terms) > 1 || len(q.Terms) == 1 && len(q.Terms[0].Tokens) > 1
}

// Empty reports whether the query asks for nothing (it was only
// punctuation or spaces).
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// FTS5 is the query as an SQLite FTS5 MATCH expression over the index's
// column col: each term a quoted phrase (tokens are letters and digits
// only, so quoting cannot be broken out of), lone characters as prefixes,
// all of them required.
func (q Query) FTS5(col string) string {
	parts := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		p := `"` + strings.Join(t.Tokens, " ") + `"`
		if t.Prefix {
			p += "*"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return "{" + col + "} : (" + strings.Join(parts, " AND ") + ")"
}

// TSQuery is the query as PostgreSQL to_tsquery('simple', …) text matching
// lexemes of the given weight (A to D) only: phrases with <->, lone
// characters as prefixes (:*), all joined with &.
func (q Query) TSQuery(weight string) string {
	parts := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		toks := make([]string, len(t.Tokens))
		for i, tok := range t.Tokens {
			toks[i] = "'" + tok + "':" + weight
			if t.Prefix {
				toks[i] = "'" + tok + "':*" + weight
			}
		}
		p := strings.Join(toks, " <-> ")
		if len(toks) > 1 {
			p = "(" + p + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " & ")
}
