package api

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// statusOf is the one place an error code becomes an HTTP status.
var statusOf = map[string]int{
	model.EINVALID:      http.StatusUnprocessableEntity,
	model.ENOTFOUND:     http.StatusNotFound,
	model.ECONFLICT:     http.StatusConflict,
	model.EFORBIDDEN:    http.StatusForbidden,
	model.EUNAUTHORIZED: http.StatusUnauthorized,
	model.EINTERNAL:     http.StatusInternalServerError,
	model.ETOOMANY:      http.StatusTooManyRequests,
	model.ETOOLARGE:     http.StatusRequestEntityTooLarge,
}

// errorCodes lists the codes an error response may carry, by status, for
// the API's description.
func errorCodes() []string {
	codes := make([]string, 0, len(statusOf))
	for c := range statusOf {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int { return cmp.Or(statusOf[a]-statusOf[b], strings.Compare(a, b)) })
	return codes
}

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

// writeError answers with err. Errors that are not the application's own
// are logged with the request id and shown only as "internal error", so no
// database detail leaks and the office can quote the id to the admin.
func (h *handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := model.ErrorOf(err)
	status, known := 0, false
	if e != nil {
		status, known = statusOf[e.Code]
	}
	if !known || e.Code == model.EINTERNAL {
		id := r.Header.Get("X-Request-Id")
		if id == "" {
			id = "-"
		}
		h.app.Log.Error("api: internal error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		e = &model.Error{Code: model.EINTERNAL, Message: "internal error (request " + id + ")"}
		status = http.StatusInternalServerError
	}
	if e.Code == model.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="luoshi"`)
	}
	if e.Code == model.ETOOMANY && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
	writeJSON(w, status, errorBody{Error: errorJSON{Code: e.Code, Message: e.Message, Field: e.Field}})
}
