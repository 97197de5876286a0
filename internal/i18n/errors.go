package i18n

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// errorCatalogs are the translations of model.Error's messages, keyed by
// the English format the code wrote (gettext style: the format is the id),
// kept apart from the UI catalogs because their keys are sentences. English
// needs no file: its message is the format itself. A key without verbs may
// also be a phrase an argument carries (forbidden("change measures") →
// "not allowed to %s"), or a word such as a state ("pending").
var errorCatalogs = map[string]map[string]string{}

func init() {
	b, err := files.ReadFile("catalogs/errors/zh-CN.json")
	if err != nil {
		panic("i18n: " + err.Error())
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		panic("i18n: errors/zh-CN: " + err.Error())
	}
	errorCatalogs["zh-CN"] = m
}

// ErrorKeys is lang's error catalog (the test checks it against the code).
func ErrorKeys(lang string) map[string]string { return errorCatalogs[Lang(lang)] }

// Error renders err for a reader of lang: each model.Error in it (all of a
// model.Errors, joined), translated from the error catalog, its arguments
// too where they are phrases, field names or errors of ours. An error that
// is not ours renders as its text; callers show "internal error" instead.
func Error(lang string, err error) string {
	if err == nil {
		return ""
	}
	all := model.ErrorsOf(err)
	if len(all) == 0 {
		return err.Error()
	}
	sep := "；"
	if Lang(lang) == "en" {
		sep = "; "
	}
	s := make([]string, len(all))
	for i, e := range all {
		s[i] = Message(lang, e)
	}
	return strings.Join(s, sep)
}

// Message renders one model.Error for a reader of lang (see Error).
func Message(lang string, e *model.Error) string {
	if e == nil {
		return ""
	}
	lang = Lang(lang)
	cat := errorCatalogs[lang]
	if e.Format == "" {
		// Built by hand (&model.Error{Message: "… " + f}): a sentence
		// the catalog knows whole or as a pattern, whose parts are
		// arguments like any other.
		if lang == "en" {
			return e.Message
		}
		if t, ok := cat[e.Message]; ok && !strings.Contains(e.Message, "%") {
			return t
		}
		key, parts, ok := matchPhrase(lang, e.Message)
		if !ok {
			return e.Message
		}
		args := make([]any, len(parts))
		for i, a := range parts {
			args[i] = localArg(lang, a, "s", e.Field)
		}
		return Sprintf(strings.ReplaceAll(cat[key], "%d", "%s"), args...)
	}
	format, ok := cat[e.Format]
	if !ok {
		format = e.Format
	}
	if len(e.Args) == 0 {
		if lang == "en" {
			return e.Message
		}
		return format
	}
	verbs := Verbs(e.Format)
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		verb := ""
		if i < len(verbs) {
			verb = verbs[i]
		}
		args[i] = localArg(lang, a, verb, e.Field)
	}
	return Sprintf(format, args...)
}

// localArg is one argument in lang: an error of ours rendered, and for %s
// or %v a phrase or word the error catalog knows, or the name of the
// error's own field when the UI catalog labels it ("field.due"). Everything
// else — quoted values, numbers, codes, user's words — stays as it is.
func localArg(lang string, a any, verb, field string) any {
	if err, ok := a.(error); ok && len(model.ErrorsOf(err)) > 0 {
		return Error(lang, err)
	}
	s, ok := a.(string)
	if st, isStringer := a.(fmt.Stringer); isStringer && !ok {
		s, ok = st.String(), true // a draft prints as "draft 3"
	}
	if !ok || (verb != "s" && verb != "v") || lang == "en" {
		return a
	}
	if t, ok := phrase(lang, s); ok {
		return t
	}
	if (s == field || isFieldName(s)) && Has(lang, "field."+s) {
		return T(lang, "field."+s)
	}
	if t, ok := fieldPath(lang, s); ok {
		return t
	}
	return a
}

// fieldPath names a field inside a list the way a reader counts:
// "milestones[0].title" is 第1个节点的标题, "cooperating_units[1]" is
// 第2个配合单位. Anything else, or a part without a label, is not a path.
func fieldPath(lang, s string) (string, bool) {
	list, rest, ok := strings.Cut(s, "[")
	if !ok || !isFieldName(list) || !Has(lang, "field."+list) {
		return "", false
	}
	num, rest, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < 0 {
		return "", false
	}
	out := T(lang, "field.nth", i+1, T(lang, "field."+list))
	if rest == "" {
		return out, true
	}
	part, found := strings.CutPrefix(rest, ".")
	if !found || !isFieldName(part) || !Has(lang, "field."+part) {
		return "", false
	}
	return T(lang, "field.of", out, T(lang, "field."+part)), true
}

// phrase translates s by the error catalog: exactly, or by a key that
// begins with a word and whose %s and %d stand for parts of s
// (forbidden("change measure " + code) → "change measure %s").
func phrase(lang string, s string) (string, bool) {
	cat := errorCatalogs[lang]
	if t, ok := cat[s]; ok && !strings.Contains(s, "%") {
		return t, true
	}
	key, parts, ok := matchPhrase(lang, s)
	if !ok {
		return "", false
	}
	args := make([]any, len(parts))
	for i, v := range parts {
		args[i] = v
	}
	return Sprintf(strings.ReplaceAll(cat[key], "%d", "%s"), args...), true
}

// matchPhrase finds the catalog key with verbs that s is an instance of,
// and the parts of s its verbs stand for.
func matchPhrase(lang, s string) (key string, parts []string, ok bool) {
	for _, p := range phrases(lang) {
		if m := p.re.FindStringSubmatch(s); m != nil {
			return p.key, m[1:], true
		}
	}
	return "", nil, false
}

// phrasePattern matches an argument against a catalog key with verbs.
type phrasePattern struct {
	key string
	re  *regexp.Regexp
}

// phraseCache holds each language's patterns, built on first use.
var phraseCache sync.Map

// phrases are lang's error-catalog keys that can match an argument: they
// begin with a letter and hold only %s and %d verbs; the longest first,
// so the most specific wins.
func phrases(lang string) []phrasePattern {
	if p, ok := phraseCache.Load(lang); ok {
		return p.([]phrasePattern)
	}
	var out []phrasePattern
	verb := strings.NewReplacer("%s", "\x00", "%d", "\x00")
	for k := range errorCatalogs[lang] {
		lits := strings.Split(verb.Replace(k), "\x00")
		if len(lits) < 2 || lits[0] == "" || strings.Contains(strings.Join(lits, ""), "%") {
			continue
		}
		for i, l := range lits {
			lits[i] = regexp.QuoteMeta(l)
		}
		out = append(out, phrasePattern{k, regexp.MustCompile("^" + strings.Join(lits, "(.+?)") + "$")})
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i].key) > len(out[j].key) || len(out[i].key) == len(out[j].key) && out[i].key < out[j].key
	})
	phraseCache.Store(lang, out)
	return out
}

// Sprintf is fmt.Sprintf for a translated message, which may use fewer of
// the arguments than the English one ("Rejected." needs no count where
// "%d drafts accepted" does): arguments past the last the message names
// are left out instead of printing %!(EXTRA …).
func Sprintf(format string, args ...any) string {
	n := len(Verbs(format))
	if n < len(args) {
		args = args[:n]
	}
	return fmt.Sprintf(format, args...)
}

// Verbs lists the verb letter each argument of format is printed with,
// by argument index ("%[2]d of %[1]s" → ["s", "d"]); "" for an argument
// the format skips. %% and a * width count as in fmt.
func Verbs(format string) []string {
	var out []string
	set := func(i int, v string) {
		for len(out) <= i {
			out = append(out, "")
		}
		if out[i] == "" {
			out[i] = v
		}
	}
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) {
			c := format[i]
			switch {
			case c == '%':
				goto next
			case c == '[':
				j := strings.IndexByte(format[i:], ']')
				if j < 0 {
					return out
				}
				if n, err := strconv.Atoi(format[i+1 : i+j]); err == nil && n > 0 {
					arg = n - 1
				}
				i += j + 1
				continue
			case c == '*':
				set(arg, "*")
				arg++
			case strings.IndexByte("+-# 0123456789.", c) >= 0:
			default:
				set(arg, string(c))
				arg++
				goto next
			}
			i++
		}
	next:
	}
	return out
}

// asciiAllowed are the Latin words a Chinese error message may hold:
// names of formats, protocols and settings the reader sees as they are.
var asciiAllowed = map[string]bool{
	"Excel": true, "PDF": true, "API": true, "URL": true, "SSO": true, "LDAP": true, "CAS": true,
	"OIDC": true, "OpenID": true, "Connect": true, "JSON": true, "HTTP": true, "http": true,
	"https": true, "Authorization": true, "Bearer": true, "TOKEN": true, "POST": true, "DN": true,
	"YYYY-MM-DD": true, "ASCII": true, "MB": true, "multipart/form-data": true, "zh-CN": true,
	"en": true, "Asia/Shanghai": true, "Webhook": true, "CSRF": true, "luoshi": true, "ID": true,
	// file kinds and extensions, as the reader's own software names them
	"JPEG": true, "PNG": true, "GIF": true, "ZIP": true, "Word": true, "PowerPoint": true, "Windows": true,
	"OLE": true, "Office": true, "Open": true, "XML": true, "UTF-8": true, "WPS": true, "wps": true, "KB": true, "GB18030": true,
	"pdf": true, "jpg": true, "jpeg": true, "png": true, "gif": true, "doc": true, "docx": true, "xls": true,
	"xlsx": true, "ppt": true, "pptx": true, "txt": true, "html": true, "svg": true,
	// values an API client or an operator types as they are
	"true": true, "false": true, "pending": true, "sent": true, "failed": true, "returned": true,
	"due": true, "report": true, "reminder": true, "supervision": true, "bulletin": true,
	"none": true, "yellow": true, "orange": true, "red": true, "create": true, "refuse": true,
	"inbox": true, "bench": true, "gen": true,
	// the database an operator names: --db postgres://…?pool_max_conns=
	"PostgreSQL": true, "db": true, "postgres": true, "pool_max_conns": true,
}

var (
	verbPattern = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)
	asciiWord   = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_./+-]*[A-Za-z0-9]|[A-Za-z]`)
)

// placeholder is a placeholder a reader types as it is, such as {year} in
// a document number's format.
var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// LatinWords are the ASCII words in a Chinese message that are neither
// verbs, codes (with a digit: 2024H2-017, U+), nor the names and typed
// values a Chinese reader sees as they are (Excel, CAS, true); the
// catalog's test and the pages' tests fail on any.
func LatinWords(msg string) []string {
	var out []string
	msg = placeholder.ReplaceAllString(msg, " ")
	for _, w := range asciiWord.FindAllString(verbPattern.ReplaceAllString(msg, " "), -1) {
		if asciiAllowed[w] || strings.ContainsAny(w, "0123456789") || w == "U+" || w == "U" {
			continue
		}
		out = append(out, w)
	}
	return out
}

// isFieldName reports whether s looks like an input's name (lead_unit), an
// argument that names another error's field.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}
