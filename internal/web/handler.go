package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/origin"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// sessionCookie carries the session token; the token itself is only stored
// hashed by app.
const sessionCookie = "luoshi_session"

// maxForm bounds a form body: agenda items carry whole speeches.
const maxForm = 4 << 20

// handler holds what every page needs: the app and the parsed templates,
// one set per language so templates call {{t "key"}} without passing the
// language around.
type handler struct {
	a          *app.App
	pages      *pageTemplates
	boards     pageCache // rendered board content
	dashboards pageCache // rendered dashboard content
	navs       navLists  // rendered navigation links
}

func newHandler(a *app.App) *handler {
	h := &handler{a: a, pages: newPageTemplates()}
	if a.Location != nil {
		loc = a.Location
	}
	return h
}

// pageTemplates parse each page's templates the first time the page is
// shown in a language: the layout and parts cloned for all 69 pages in both
// languages at start took 19 MB of a busy server's 65 MB of live heap
// (pprof on the large institution), most of it for pages that server never
// showed. TestEveryPageParses parses them all.
type pageTemplates struct {
	names map[string]bool               // the page files, without .html
	base  map[string]*template.Template // lang → layout and parts, never executed
	pages sync.Map                      // lang + "/" + name → *template.Template
	mu    sync.Mutex                    // held while a page is parsed
	fold  bool                          // fold fixed translations (fold.go)
}

func newPageTemplates() *pageTemplates {
	pt := &pageTemplates{names: map[string]bool{}, base: map[string]*template.Template{}, fold: foldTranslations}
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name != "layout" && name != "parts" {
			pt.names[name] = true
		}
	}
	for _, lang := range i18n.Languages {
		pt.base[lang] = template.Must(template.New("layout").Funcs(funcs(lang)).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html"))
	}
	return pt
}

// page is the named page's template in lang, parsed on first use; nil and
// an error when there is no such page or it does not parse.
func (pt *pageTemplates) page(lang, name string) (*template.Template, error) {
	key := lang + "/" + name
	if t, ok := pt.pages.Load(key); ok {
		return t.(*template.Template), nil
	}
	base := pt.base[lang]
	if base == nil || !pt.names[name] {
		return nil, fmt.Errorf("web: no template %s in %q", name, lang)
	}
	pt.mu.Lock()
	defer pt.mu.Unlock()
	if t, ok := pt.pages.Load(key); ok {
		return t.(*template.Template), nil
	}
	c, err := base.Clone()
	if err != nil {
		return nil, err
	}
	t, err := c.ParseFS(templateFiles, "templates/"+name+".html")
	if err != nil {
		return nil, fmt.Errorf("web: page %s: %w", name, err)
	}
	if pt.fold {
		foldPage(t, lang)
	}
	pt.pages.Store(key, t)
	return t, nil
}

type ctxKey struct{}

// signedInOf returns the request's session; wrap put it there.
func signedInOf(r *http.Request) app.SignedIn {
	s, _ := r.Context().Value(ctxKey{}).(app.SignedIn)
	return s
}

// session reads the session cookie; a missing or expired one is EUNAUTHORIZED.
func (h *handler) session(r *http.Request) (app.SignedIn, error) {
	token, ok := readCookie(r, sessionCookie)
	if !ok {
		return app.SignedIn{}, model.Errorf(model.EUNAUTHORIZED, "sign in first")
	}
	return h.a.Session(r.Context(), token)
}

// wrap applies the route's access rule: the session for signed-in routes,
// and on every POST the CSRF token (form field csrf or, from htmx, the
// X-CSRF-Token header) before the handler sees the request.
func (h *handler) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w, r)
		r = r.WithContext(app.WithClient(r.Context(), origin.Of(r).Client.String()))
		if rt.access == public {
			if s, err := h.session(r); err == nil {
				r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, s))
			}
			rt.handle(h, w, r)
			return
		}
		s, err := h.session(r)
		if err != nil {
			if model.ErrorCode(err) == model.EUNAUTHORIZED || model.ErrorCode(err) == model.ENOTFOUND {
				h.toSignin(w, r)
				return
			}
			h.fail(w, r, err)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, s))
		if s.Account.MustChangePassword && !passwordChangeRoutes[rt.pattern] {
			// An admin reset the password: the one-time password is good for
			// choosing a new one and nothing else.
			redirect(w, r, "/account")
			return
		}
		if r.Method == http.MethodPost {
			if err := parsePost(w, r); err != nil {
				h.fail(w, r, err)
				return
			}
			token := r.Header.Get("X-CSRF-Token")
			if token == "" {
				token = r.PostForm.Get("csrf")
			}
			if !sameToken(token, s.CSRF) {
				h.fail(w, r, errCSRF)
				return
			}
			if key := r.PostForm.Get(submissionField); key != "" {
				h.guardSubmission(w, r, rt, s.Account, key)
				return
			}
		}
		rt.handle(h, w, r)
	})
}

var errCSRF = model.Errorf(model.EFORBIDDEN, "csrf")

// passwordChangeRoutes are the signed-in routes an account that must change
// its password may still reach: the form, its POST, sign-out and the
// language switch. Every other page sends it back to the form.
var passwordChangeRoutes = map[string]bool{"/account": true, "/account/password": true, "/signout": true, "/lang": true}

func sameToken(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// securityHeaders sets the headers every page carries. The CSP allows no
// inline script and no inline style: all of it lives in /static. Over
// https, HSTS keeps the browser on https for a year (not for subdomains:
// other campus sites may still be plain http).
func securityHeaders(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	if origin.Of(r).Secure() {
		hd.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// toSignin sends a visitor without a session to the sign-in page, keeping
// where they were going when it was a page.
func (h *handler) toSignin(w http.ResponseWriter, r *http.Request) {
	target := "/signin"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", target)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// maxNext bounds a page to go back to after signing in: it travels in a
// form field and, through single sign-on, in a cookie, which browsers keep
// only under 4 KB; no page of ours has a longer address.
const maxNext = 1024

// localPath keeps a redirect target on this site, or returns def. Browsers
// read a Location leniently: they drop tabs and line breaks, read "\" as
// "/", and take "//host" for another site, so "/\t/host" and "/\host" leave
// it; and a proxy may decode escapes once more, making "/%2F%2Fhost"
// "///host". So s must be printable ASCII without space or backslash, and
// begin with exactly one "/"; and decoded once it must still begin so, with
// no control character or backslash, nor a space before the query.
func localPath(s, def string) string {
	if len(s) > maxNext || !onePath(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '\\' }) {
		return def
	}
	dec, err := url.PathUnescape(s)
	if err != nil || !onePath(dec) || strings.ContainsFunc(dec, func(r rune) bool { return unicode.IsControl(r) || r == '\\' }) {
		return def
	}
	path := dec
	if i := strings.IndexAny(dec, "?#"); i >= 0 {
		path = dec[:i]
	}
	if strings.Contains(path, " ") {
		return def
	}
	return s
}

// onePath reports whether s begins with exactly one "/".
func onePath(s string) bool { return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") }

// page is what the layout needs, plus the page's own data in D.
type page struct {
	Lang      string
	Title     string
	Nav       string
	User      *model.Account
	CSRF      string
	Path      string
	RequestID string
	Today     model.Date
	// Units are every unit by code, shared between requests (read only);
	// UnitsVersion changes when any of them does (app.UnitIndex).
	Units        map[string]model.Unit
	UnitsVersion uint64
	// Unread counts the reader's unopened notices (the navigation's badge);
	// Todo what waits on the to-do list, all lines together.
	Unread, Todo int
	// School is the institution's short name in the page's language for
	// the navigation's brand ("" until the admin sets the profile).
	School string
	D      any
	// Content is set while the layout is rendered around kept content
	// (render): a marker where kept goes.
	Content template.HTML
	// NavList is the navigation's links, set by render (navLists).
	NavList template.HTML
	// kept, when set, is the page's content already rendered (a cached
	// board); the layout is still rendered for the reader.
	kept *keptContent
}

// UnitName is a unit's name in the page's language, or its code if unknown.
func (p *page) UnitName(code string) string {
	u, ok := p.Units[code]
	if !ok {
		return code
	}
	if p.Lang == "en" && u.NameEn != "" {
		return u.NameEn
	}
	return u.Name
}

// T translates in the page's language (for Go code building page data).
func (p *page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// newPage fills the layout's fields for the request.
func (h *handler) newPage(r *http.Request, nav, titleKey string, d any) *page {
	return h.newPageTodo(r, nav, titleKey, d, nil)
}

// newPageTodo is newPage for a page that has read the reader's to-do list
// already (the to-do page), so the navigation's count is not read again.
func (h *handler) newPageTodo(r *http.Request, nav, titleKey string, d any, todo []app.TodoItem) *page {
	p := &page{Lang: i18n.Default, Nav: nav, Path: r.URL.RequestURI(), RequestID: r.Header.Get("X-Request-Id"), D: d}
	if s := signedInOf(r); s.Account.Username != "" {
		acct := s.Account
		p.User, p.CSRF, p.Lang = &acct, s.CSRF, i18n.Lang(acct.Lang)
		if ix, err := h.a.UnitIndex(r.Context()); err == nil {
			p.Units, p.UnitsVersion = ix.ByCode, ix.Version
		}
		items, err := todo, error(nil)
		if items == nil {
			items, err = h.a.Todo(r.Context(), acct)
		}
		if err == nil {
			for _, it := range items {
				p.Todo += it.Count
				if it.Kind == app.TodoUnread {
					p.Unread = it.Count
				}
			}
		}
		if in, err := h.a.Institution(r.Context()); err == nil {
			p.School = in.Short(p.Lang)
		}
	} else if l := r.URL.Query().Get("lang"); l != "" {
		p.Lang = i18n.Lang(l)
	}
	if t, err := h.a.Today(r.Context()); err == nil {
		p.Today = t.Day
	}
	p.Title = i18n.T(p.Lang, titleKey)
	return p
}

// render writes a page with a status.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, err := h.pages.page(p.Lang, name)
	if err != nil {
		h.a.Log.Error("web: no template", "name", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	b := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() <= 1<<20 {
			b.Reset()
			pageBuffers.Put(b)
		}
	}()
	b.Reset()
	// Kept content (a cached board, some 200 KB) is written to the reader
	// as it is: the layout is rendered around a marker in its place, and
	// the page goes out in three writes. Printed by the template, the
	// content was copied three times over, a third of the board's CPU.
	if p.kept != nil {
		p.Content = contentMarker
		defer func() { p.Content = "" }()
	}
	if p.User != nil {
		p.NavList, err = h.navs.get(t, p)
	}
	if err == nil {
		err = t.ExecuteTemplate(b, "layout", p)
	}
	if err != nil {
		h.a.Log.Error("web: render", "page", name, "err", err, "request_id", p.RequestID)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("internal error (request " + p.RequestID + ")"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Pages may be kept by the browser for Back (never by a proxy), so a
	// form shown again by Back keeps its one-time token and a resubmission
	// gets the first answer instead of making a second record; signing out
	// clears what was kept. A page showing a secret says no-store itself.
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	out := b.Bytes()
	if p.kept != nil {
		if i := bytes.Index(out, []byte(contentMarker)); i >= 0 {
			writeKept(w, r, status, out[:i], p.kept, out[i+len(contentMarker):])
			return
		}
	}
	w.WriteHeader(status)
	w.Write(out)
}

// contentMarker stands in the layout for kept content while the layout is
// rendered (render): a comment no template writes.
const contentMarker template.HTML = "<!--luoshi:kept-content-->"

// pageBuffers hold rendered pages between requests: the board alone is
// some 200 KB, which a fresh buffer grows to by copying several times.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderContent renders only a page's content, for pages that keep it.
func (h *handler) renderContent(name string, p *page) ([]byte, error) {
	t, err := h.pages.page(p.Lang, name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "content", p); err != nil {
		h.a.Log.Error("web: render content", "page", name, "err", err)
		return nil, err
	}
	return b.Bytes(), nil
}

// errorData is the error page's data.
type errorData struct {
	Status  int
	Message string
}

// errorTitles is the title of the error page for each code the user is
// told about; the status is the one model.HTTPStatus gives, as in the API.
// A code not here is an internal error.
var errorTitles = map[string]string{
	model.ENOTFOUND:    "error.not_found",
	model.EFORBIDDEN:   "error.forbidden",
	model.ECONFLICT:    "error.conflict",
	model.EINVALID:     "error.invalid",
	model.ETOOLARGE:    "error.invalid",
	model.ETOOMANY:     "error.too_many",
	model.EUNAVAILABLE: "error.unavailable",
}

// fail shows the page for an error: a code in errorTitles says what is
// wrong (conflicts, invalid input and refusals show their message);
// anything else is logged (a run of identical ones once a minute, with a
// count) and shown as "internal error" with the request id, so the user can
// quote it and the log can be searched. A request whose client has gone is
// no server error: it is logged at debug level and answered
// model.StatusClientGone with no page, since nobody is there to read one.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	id := r.Header.Get("X-Request-Id")
	if model.ClientGone(r.Context(), err) {
		h.a.Log.Debug("web: client gone", "err", err, "method", r.Method, "path", r.URL.Path, "request_id", id)
		w.WriteHeader(model.StatusClientGone)
		return
	}
	code := model.ErrorCode(err)
	if code == model.EUNAUTHORIZED {
		h.toSignin(w, r)
		return
	}
	status, key, show := model.HTTPStatus(code), errorTitles[code], false
	switch {
	case key == "":
		h.a.LogThrottled(r.Context(), slog.LevelError, "web: internal error", err, "method", r.Method, "path", r.URL.Path, "request_id", id)
		status, key = http.StatusInternalServerError, "error.internal"
	case errors.Is(err, errCSRF):
		key = "error.csrf"
	case code == model.EUNAVAILABLE:
		h.a.LogThrottled(r.Context(), slog.LevelWarn, "web: unavailable", err, "method", r.Method, "path", r.URL.Path, "request_id", id)
		show = true
	case code == model.ECONFLICT || code == model.EINVALID || code == model.ETOOLARGE:
		show = true
	}
	retryAfter(w, err)
	d := &errorData{Status: status}
	p := h.newPage(r, "", key, d)
	if show {
		d.Message = failMessage(p.Lang, err)
	}
	h.render(w, r, status, "error", p)
}

// failMessage is err for the error page in lang: each message, after
// the label of the field it names when the catalog has one and the
// message does not say it already ("截止日期：应在开始日期和截止日期之间"),
// since the page shows no form to point at.
func failMessage(lang string, err error) string {
	var parts []string
	for _, e := range model.ErrorsOf(err) {
		msg := i18n.Message(lang, e)
		if f := strings.TrimSpace(e.Field); f != "" && i18n.Has(lang, "field."+f) &&
			!strings.Contains(strings.ToLower(msg), strings.ToLower(i18n.T(lang, "field."+f))) {
			label := i18n.T(lang, "field."+f)
			if lang == "en" {
				msg = label + ": " + msg
			} else {
				msg = label + "：" + msg
			}
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, sep(lang))
}

// notFound is the catch-all route: a 404 page in the site's layout.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w, r)
	h.fail(w, r, model.Errorf(model.ENOTFOUND, "no page %s", r.URL.Path))
}

// static serves embedded assets. They change only with a new binary, so a
// day of caching is safe; ?v= in the layout busts it on upgrade.
func (h *handler) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := staticFiles.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "..") {
		h.notFound(w, r)
		return
	}
	switch {
	case strings.HasSuffix(name, ".css"):
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeContent(w, r, name, startTime, strings.NewReader(string(b)))
}

var startTime = time.Now()

// redirect answers a successful POST: 303 to the page to see, also for
// htmx (HX-Redirect), so a reload never re-submits.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", to)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// fieldError returns the field an invalid-input error names, and its
// message in the reader's language, or "" when err is not a validation
// error. Forms with several fields use fieldErrors, which flags them all.
func fieldError(r *http.Request, err error) (string, string) {
	e := model.ErrorOf(err)
	if e == nil || e.Code != model.EINVALID {
		return "", ""
	}
	f := e.Field
	if f == "" {
		f = "_"
	}
	return f, i18n.Message(langOf(r), e)
}

// formError says how a failed save goes back to its form: the status
// (422 for bad input, 409 for a clash such as a name already taken), the
// field to blame ("_" for the top of the form) and the message in the
// reader's language. ok is false for any other error, which gets the error
// page.
func formError(r *http.Request, err error) (status int, field, msg string, ok bool) {
	e := model.ErrorOf(err)
	if e == nil || (e.Code != model.EINVALID && e.Code != model.ECONFLICT) {
		return 0, "", "", false
	}
	status, field = model.HTTPStatus(e.Code), e.Field
	if field == "" {
		field = "_"
	}
	return status, field, i18n.Message(langOf(r), e), true
}

// canManage reports whether the signed-in account may create and edit
// meetings and measures (for showing buttons; app checks again).
func canManage(r *http.Request) bool { return app.CanManage(signedInOf(r).Account) }

// retryAfter sets Retry-After (whole seconds, rounded up) for an error
// that says when to come back (ETOOMANY, EUNAVAILABLE).
func retryAfter(w http.ResponseWriter, err error) {
	if s := model.RetrySeconds(err); s > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(s))
	}
}
