package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// errorCodes lists the codes an error response may carry, by status, for
// the API's description (model.HTTPStatus maps them).
func errorCodes() []string { return model.ErrorCodes() }

// errorBody is the shape of every error response.
type errorBody struct {
	Error errorJSON `json:"error"`
}

// errorJSON is the error itself; Field is "" when no one field is to blame.
type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field"`
}

// writeError answers with err, with the status model.HTTPStatus gives its
// code. Errors that are not the application's own are logged with the
// request id (a run of identical ones once a minute, with a count) and
// shown only as "internal error", so no database detail leaks and the
// office can quote the id to the admin. A request whose client has gone is
// no server error: it is logged at debug level and answered
// model.StatusClientGone with no body, since nobody is there to read one.
func (h *handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	id := r.Header.Get("X-Request-Id")
	if id == "" {
		id = "-"
	}
	if model.ClientGone(r.Context(), err) {
		h.app.Log.Debug("api: client gone", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(model.StatusClientGone)
		return
	}
	e := model.ErrorOf(err)
	if e == nil || model.HTTPStatus(e.Code) == http.StatusInternalServerError {
		h.app.LogThrottled(r.Context(), slog.LevelError, "api: internal error", err, "request_id", id, "method", r.Method, "path", r.URL.Path)
		e = model.Errorf(model.EINTERNAL, "internal error (request %s)", id)
	} else if e.Code == model.EUNAVAILABLE {
		h.app.LogThrottled(r.Context(), slog.LevelWarn, "api: unavailable", err, "request_id", id, "method", r.Method, "path", r.URL.Path)
	}
	if e.Code == model.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="luoshi"`)
	}
	if s := model.RetrySeconds(e); s > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(s))
	}
	msg := i18n.Message(h.errorLang(r, e), e)
	writeJSON(w, model.HTTPStatus(e.Code), errorBody{Error: errorJSON{Code: e.Code, Message: msg, Field: e.Field}})
}

// errorLang is the language an error's message is written in: the
// signed-in account's (the one its pages use), else the one the request's
// Accept-Language prefers among i18n.Languages, else i18n.Default. code and
// field never change with it.
func (h *handler) errorLang(r *http.Request, e *model.Error) string {
	if e.Code != model.EUNAUTHORIZED {
		if _, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.TrimSpace(token) != "" {
			if s, err := h.app.Session(r.Context(), strings.TrimSpace(token)); err == nil {
				return i18n.Lang(s.Account.Lang)
			}
		}
	}
	if l, ok := acceptLanguage(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return i18n.Default
}

// acceptLanguage picks the language of an Accept-Language header with the
// highest weight that luoshi speaks (zh, zh-CN, zh-Hans → zh-CN; en-* →
// en); ok is false when it names none.
func acceptLanguage(h string) (string, bool) {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		tag = strings.ToLower(strings.TrimSpace(tag))
		lang := ""
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			lang = "zh-CN"
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			lang = "en"
		}
		if lang != "" && q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best, best != ""
}
