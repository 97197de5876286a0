package search

import (
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"学科建设", []string{"学科", "科建", "建设"}},
		{"学", []string{"学"}},
		{"加强学科，建设", []string{"加强", "强学", "学科", "建设"}},
		{"Promote Discipline-led development", []string{"promote", "discipline", "led", "development"}},
		{"推进discipline建设", []string{"推进", "discipline", "建设"}},
		{"2024H2-017", []string{"2024h2", "017"}},
		{"2024年12月底前", []string{"2024", "年", "12", "月底", "底前"}},
		{"ＡＢＣ　１２３，督办", []string{"abc", "123", "督办"}},
		{"It is necessary to build 一流学科。", []string{"it", "is", "necessary", "to", "build", "一流", "流学", "学科"}},
		{"Ünïcode café", []string{"ünïcode", "café"}},
		{"a\xffb", []string{"a", "b"}},
		{"<script>", []string{"script"}},
	}
	for _, c := range cases {
		if diff := cmp.Diff(c.want, Tokens(c.in)); diff != "" {
			t.Errorf("Tokens(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestTokenSpans(t *testing.T) {
	text := "要加强ＡＩ学科"
	for _, tok := range Tokenize(text) {
		got := []rune(text[tok.Start:tok.End])
		want := []rune(tok.Text)
		if len(got) != len(want) {
			t.Errorf("token %q spans %q", tok.Text, text[tok.Start:tok.End])
		}
	}
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		in, fts, ts string
	}{
		{"学科", `{t} : ("学科")`, `'学科':A`},
		{"学科建设", `{t} : ("学科 科建 建设")`, `('学科':A <-> '科建':A <-> '建设':A)`},
		{"督办 discipline", `{t} : ("督办" AND "discipline")`, `'督办':A & 'discipline':A`},
		{"学", `{t} : ("学"*)`, `'学':*A`},
		{"Discipline discipline", `{t} : ("discipline")`, `'discipline':A`},
		{`"';:*&|!()`, ``, ``},
		{"2024H2-017", `{t} : ("2024h2" AND "017")`, `'2024h2':A & '017':A`},
	}
	for _, c := range cases {
		q := ParseQuery(c.in)
		if got := q.FTS5("t"); got != c.fts {
			t.Errorf("ParseQuery(%q).FTS5() = %s, want %s", c.in, got, c.fts)
		}
		if got := q.TSQuery("A"); got != c.ts {
			t.Errorf("ParseQuery(%q).TSQuery() = %s, want %s", c.in, got, c.ts)
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(c.fts, "{t} : ("), ")")
		if compound := strings.Contains(inner, " "); q.Compound() != compound {
			t.Errorf("ParseQuery(%q).Compound() = %v", c.in, q.Compound())
		}
		if q.Empty() != (c.fts == "") {
			t.Errorf("ParseQuery(%q).Empty() = %v", c.in, q.Empty())
		}
	}
	if n := len(ParseQuery(strings.Repeat("学", 500)).Terms[0].Tokens); n != MaxQueryRunes-1 {
		t.Errorf("long query keeps %d bigrams", n)
	}
}

func TestHighlight(t *testing.T) {
	cases := []struct {
		text, q string
		want    string
	}{
		{"推进学科建设工作", "学科", "推进<mark>学科</mark>建设工作"},
		{"推进学科建设工作", "学科建设", "推进<mark>学科建设</mark>工作"},
		{"Strengthen <b>discipline</b>-led work", "DISCIPLINE", "Strengthen &lt;b&gt;<mark>discipline</mark>&lt;/b&gt;-led work"},
		{"大学的学科", "学", "大<mark>学</mark>的<mark>学</mark>科"},
		{"ＡＩ督办", "ai 督办", "<mark>ＡＩ督办</mark>"},
		{"nothing here", "学科", "nothing here"},
	}
	for _, c := range cases {
		if got := string(Highlight(c.text, ParseQuery(c.q))); got != c.want {
			t.Errorf("Highlight(%q, %q) = %s, want %s", c.text, c.q, got, c.want)
		}
	}
	long := strings.Repeat("一二三四五六七八九十", 20) + "督办事项" + strings.Repeat("甲乙丙丁", 20)
	s := string(Snippet(long, ParseQuery("督办"), 40))
	if !strings.Contains(s, "<mark>督办</mark>") || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || utf8.RuneCountInString(s) > 60 {
		t.Errorf("Snippet = %s", s)
	}
}

// FuzzTokenize checks that tokens lie inside the text on character
// boundaries, that queries never carry characters that could break out of
// the engines' quoting, and that highlighting keeps the text.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"学科建设", "It is necessary to 督办", "ＡＢＣ１２３", "a\xffb'\"*", "2024年12月底前"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End || tok.Start < last-4 {
				t.Fatalf("token %+v out of place in %q", tok, s)
			}
			last = tok.Start
			if !utf8.ValidString(s[tok.Start:tok.End]) || tok.Text == "" || strings.ContainsAny(tok.Text, " '\"*:&|!()<>\\") {
				t.Fatalf("bad token %+v in %q", tok, s)
			}
		}
		q := ParseQuery(s)
		_ = q.FTS5("tokens")
		_ = q.TSQuery("D")
		h := string(Highlight(s, q))
		if utf8.ValidString(s) {
			if strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h) != template.HTMLEscapeString(s) {
				t.Fatalf("highlight of %q loses text: %s", s, h)
			}
		}
	})
}
