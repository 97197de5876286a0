package web

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
)

// navLists keeps the navigation's links as rendered ("navlist" in
// layout.html). They depend on the page's language, the reader's role,
// the page the reader is on and the two badges, nothing else: a few
// hundred variants in all, each rendered once instead of on every view
// (some thirty comparisons through reflection; on the large institution's
// board, about half of what was left of the layout's cost after folding).
type navLists struct {
	mu sync.Mutex
	m  map[string]template.HTML
}

// maxNavLists bounds the kept variants: past it they are dropped and
// rendered again (badges of many different counts).
const maxNavLists = 2048

// get is page p's navigation links, rendered with t (any page's template
// in p's language: they share the layout) when not kept.
func (n *navLists) get(t *template.Template, p *page) (template.HTML, error) {
	key := fmt.Sprintf("%s|%s|%s|%d|%d", p.Lang, p.User.Role, p.Nav, min(p.Todo, 1000), min(p.Unread, 1000))
	n.mu.Lock()
	html, ok := n.m[key]
	n.mu.Unlock()
	if ok {
		return html, nil
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "navlist", p); err != nil {
		return "", err
	}
	html = template.HTML(b.String())
	n.mu.Lock()
	if n.m == nil || len(n.m) >= maxNavLists {
		n.m = map[string]template.HTML{}
	}
	n.m[key] = html
	n.mu.Unlock()
	return html, nil
}
