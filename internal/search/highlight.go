package search

import (
	"html/template"
	"strings"
	"unicode/utf8"
)

// Span is a byte range of a text that matched.
type Span struct{ Start, End int }

// Spans finds where q matches text: the byte spans of text's tokens that
// are tokens of the query (a lone-character term marks that character),
// overlapping and touching spans merged.
func Spans(text string, q Query) []Span {
	want := map[string]bool{}
	prefix := map[rune]bool{}
	for _, t := range q.Terms {
		if t.Prefix {
			r, _ := utf8.DecodeRuneInString(t.Tokens[0])
			prefix[r] = true
			continue
		}
		for _, tok := range t.Tokens {
			want[tok] = true
		}
	}
	var out []Span
	add := func(s Span) {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			return
		}
		out = append(out, s)
	}
	for _, tok := range Tokenize(text) {
		if want[tok.Text] {
			add(Span{tok.Start, tok.End})
			continue
		}
		if tok.Han && len(prefix) > 0 {
			// A bigram's characters: mark each one asked for.
			for i, r := range text[tok.Start:tok.End] {
				if prefix[fold(r)] {
					add(Span{tok.Start + i, tok.Start + i + utf8.RuneLen(r)})
				}
			}
		}
	}
	return out
}

// Highlight is text as HTML with q's matches in <mark>, everything else
// escaped.
func Highlight(text string, q Query) template.HTML {
	return markup(text, Spans(text, q), 0, len(text))
}

// Snippet is up to about width characters of text around its first match
// (its start if nothing matches) as HTML with the matches in <mark>, cut
// ends shown with an ellipsis.
func Snippet(text string, q Query, width int) template.HTML {
	spans := Spans(text, q)
	start := 0
	if len(spans) > 0 {
		// Begin a little before the first match, at a character boundary.
		start = spans[0].Start
		for back := 0; start > 0 && back < width/4; back++ {
			_, n := utf8.DecodeLastRuneInString(text[:start])
			start -= n
		}
	}
	end := start
	for n := 0; end < len(text) && n < width; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	return markup(text, spans, start, end)
}

func markup(text string, spans []Span, start, end int) template.HTML {
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, s := range spans {
		if s.End <= at || s.Start >= end {
			continue
		}
		s.Start, s.End = max(s.Start, at), min(s.End, end)
		b.WriteString(template.HTMLEscapeString(text[at:s.Start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[s.Start:s.End]))
		b.WriteString("</mark>")
		at = s.End
	}
	b.WriteString(template.HTMLEscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return template.HTML(b.String())
}
