// Package search turns text into the tokens luoshi's full-text index holds
// and a reader's query into what the database's own engine matches: Chinese
// as overlapping character bigrams (so a 2-character word such as 学科 is
// found inside 学科建设), Latin text and numbers as lowercased words. It is
// pure: store writes and queries the index with what it returns.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one indexed unit of a text with its byte span in the original
// text: a Chinese bigram, a lone Han character, or a lowercased Latin word
// or number. Run numbers the unbroken stretch of Han characters or of word
// characters it came from, so a query can ask for a run's bigrams as a
// phrase.
type Token struct {
	Text       string
	Start, End int
	Run        int
	Han        bool
}

// maxWordBytes drops longer "words" (hashes, base64 pasted into a field):
// nobody searches for them and PostgreSQL refuses words over 2 KB.
const maxWordBytes = 100

// fold maps a rune to the form the index holds: full-width ASCII to ASCII,
// the ideographic space to a space, letters to lower case.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		r = ' '
	}
	return unicode.ToLower(r)
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isWord is a character of a Latin (or other alphabetic) word or a number.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Tokenize splits text into tokens in order. Han runs give their
// overlapping bigrams (a run of one character gives that character); other
// letters and digits give lowercased words; everything else separates.
func Tokenize(text string) []Token {
	var out []Token
	run := 0
	type pos struct {
		r     rune
		start int
	}
	var han []pos // the current Han run
	flushHan := func(end int) {
		if len(han) == 0 {
			return
		}
		if len(han) == 1 {
			out = append(out, Token{Text: string(han[0].r), Start: han[0].start, End: end, Run: run, Han: true})
		}
		for i := 0; i+1 < len(han); i++ {
			e := end
			if i+2 < len(han) {
				e = han[i+2].start
			}
			out = append(out, Token{Text: string([]rune{han[i].r, han[i+1].r}), Start: han[i].start, End: e, Run: run, Han: true})
		}
		han = han[:0]
		run++
	}
	var word strings.Builder
	wordStart := -1
	flushWord := func(end int) {
		if wordStart < 0 {
			return
		}
		if word.Len() <= maxWordBytes {
			out = append(out, Token{Text: word.String(), Start: wordStart, End: end, Run: run})
		}
		word.Reset()
		wordStart = -1
		run++
	}
	for i, r := range text {
		if r == utf8.RuneError {
			flushHan(i)
			flushWord(i)
			continue
		}
		f := fold(r)
		switch {
		case isHan(f):
			flushWord(i)
			han = append(han, pos{f, i})
		case isWord(f):
			flushHan(i)
			if wordStart < 0 {
				wordStart = i
			}
			word.WriteRune(f)
		default:
			flushHan(i)
			flushWord(i)
		}
	}
	flushHan(len(text))
	flushWord(len(text))
	return out
}

// Tokens is the text of Tokenize's tokens.
func Tokens(text string) []string {
	toks := Tokenize(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// IndexText is what the index stores for a document made of texts: every
// token, space-separated, in order (positions matter for phrases).
func IndexText(texts ...string) string {
	var b strings.Builder
	for _, t := range texts {
		for _, tok := range Tokenize(t) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(tok.Text)
		}
	}
	return b.String()
}
