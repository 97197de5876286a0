package web

import (
	"html/template"
	"io"
	"strings"
	"text/template/parse"

	"github.com/luoshi-edu/luoshi/internal/i18n"
)

// foldTranslations says whether pages are parsed with their fixed
// translations folded in (foldPage). Only a test turns it off, to compare.
var foldTranslations = true

// foldPage writes each fixed translation of page t ({{t "key"}}, no
// arguments) into the page's text once, when the page is parsed, instead
// of looking it up on every view. Templates are parsed per language, so
// such a call always gives the same text. The layout alone makes some
// thirty of these calls, each two calls through reflection with the
// escaper html/template adds: on the large institution's board, whose
// content is kept, the layout was 54 % of the handler's CPU (pprof).
//
// The page is escaped first (html/template does it on first execution, so
// the layout and the navigation are executed once, into nothing, without
// data). A call is then folded only where html/template put the escaper
// of HTML text, of a quoted attribute's value or of a title: there, text
// without the characters those escapers change comes out as it is.
// Anything else (a URL, an unquoted attribute, a translation with a quote
// or an ampersand) is left to be escaped on each view. It returns how
// many calls it folded.
func foldPage(t *template.Template, lang string) int {
	for _, name := range []string{"layout", "navlist"} {
		_ = t.ExecuteTemplate(io.Discard, name, nil) // escapes; the error of no data is expected
	}
	n := 0
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			n += foldList(tt.Tree.Root, lang)
		}
	}
	return n
}

// foldEscapers are the escapers after which a translation that needs no
// escaping may stand as text.
var foldEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

func foldList(l *parse.ListNode, lang string) int {
	if l == nil {
		return 0
	}
	n := 0
	for i, node := range l.Nodes {
		switch x := node.(type) {
		case *parse.ActionNode:
			if s, ok := fixedTranslation(x, lang); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: x.Pos, Text: []byte(s)}
				n++
			}
		case *parse.IfNode:
			n += foldList(x.List, lang) + foldList(x.ElseList, lang)
		case *parse.RangeNode:
			n += foldList(x.List, lang) + foldList(x.ElseList, lang)
		case *parse.WithNode:
			n += foldList(x.List, lang) + foldList(x.ElseList, lang)
		case *parse.ListNode:
			n += foldList(x, lang)
		}
	}
	return n
}

// fixedTranslation is the text of an escaped {{t "key"}} that can stand as
// it is.
func fixedTranslation(a *parse.ActionNode, lang string) (string, bool) {
	p := a.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	first := p.Cmds[0].Args
	if len(first) != 2 {
		return "", false
	}
	if id, ok := first[0].(*parse.IdentifierNode); !ok || id.Ident != "t" {
		return "", false
	}
	key, ok := first[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	for _, c := range p.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if len(c.Args) != 1 || !ok || !foldEscapers[id.Ident] {
			return "", false
		}
	}
	s := i18n.T(lang, key.Text)
	if strings.ContainsAny(s, "\"&'+<>\x00") {
		return "", false
	}
	return s, true
}
