package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// checkInput refuses a signed-in request whose path values, query
// parameters or form values hold text no field may hold
// (model.CheckInput), naming the one that does, before the page's handler
// reads them: on PostgreSQL a filter with %00 or %FF, or a comment with a
// NUL, failed in the database as a 500. It runs after wrap has parsed the
// form. "next" is left to localPath, which sends anything odd to "/"; it
// is an address, never stored.
func checkInput(r *http.Request, pattern string) error {
	if err := model.CheckPathValues(pattern, r.PathValue); err != nil {
		return err
	}
	if err := model.CheckParams(r.URL.Query(), "next"); err != nil {
		return err
	}
	return model.CheckParams(r.PostForm, "next")
}

// langOf is the language the signed-in reader reads (i18n.Default before
// sign-in), for messages built outside a page.
func langOf(r *http.Request) string {
	if l := signedInOf(r).Account.Lang; l != "" {
		return i18n.Lang(l)
	}
	return i18n.Default
}

// fieldErrors maps every field a validation error names (all of a
// model.Errors) to its message in the reader's language, so a form flags
// each bad field at once, beside the field; an error naming no field is
// under "_", the top of the form. Two errors on one field are joined. It is
// nil when err is not invalid input, which gets the error page instead.
func fieldErrors(r *http.Request, err error) map[string]string {
	all := model.ErrorsOf(err)
	if len(all) == 0 || all[0].Code != model.EINVALID {
		return nil
	}
	lang := langOf(r)
	out := map[string]string{}
	for _, e := range all {
		f := e.Field
		if f == "" {
			f = "_"
		}
		msg := i18n.Message(lang, e)
		if prev, ok := out[f]; ok {
			msg = prev + sep(lang) + msg
		}
		out[f] = msg
	}
	return out
}

// sep joins two messages in lang.
func sep(lang string) string {
	if lang == "en" {
		return "; "
	}
	return "；"
}

// errorText is err in the reader's language, every message of it, for a
// page that shows it in one place.
func errorText(r *http.Request, err error) string { return i18n.Error(langOf(r), err) }
