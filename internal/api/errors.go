package api

import (
	"log/slog"
	"net/http"
	"strconv"

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
		e = &model.Error{Code: model.EINTERNAL, Message: "internal error (request " + id + ")"}
	} else if e.Code == model.EUNAVAILABLE {
		h.app.LogThrottled(r.Context(), slog.LevelWarn, "api: unavailable", err, "request_id", id, "method", r.Method, "path", r.URL.Path)
	}
	if e.Code == model.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="luoshi"`)
	}
	if s := model.RetrySeconds(e); s > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(s))
	}
	writeJSON(w, model.HTTPStatus(e.Code), errorBody{Error: errorJSON{Code: e.Code, Message: e.Message, Field: e.Field}})
}
