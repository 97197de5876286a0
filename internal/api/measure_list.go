package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// measurePage is one page of measures; NextCursor is "" on the last page.
type measurePage struct {
	Items      []measureJSON `json:"items"`
	NextCursor string        `json:"next_cursor"`
}

// queryParams returns the query, refusing parameters the route does not
// know or repeats, so a misspelt filter is an error rather than a silently
// unfiltered list.
func queryParams(r *http.Request, known ...string) (url.Values, error) {
	q := r.URL.Query()
	for k, v := range q {
		if !slices.Contains(known, k) {
			return nil, model.Invalid(k, "unknown query parameter (known: %s)", strings.Join(known, ", "))
		}
		if len(v) > 1 {
			return nil, model.Invalid(k, "given %d times; give it once", len(v))
		}
	}
	return q, nil
}

// limitParam reads a list's limit: absent or 0 is def, and anything but a
// whole number from 1 to max is refused naming limit (model.PageLimit).
func limitParam(q url.Values, def, max int) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, model.Invalid("limit", "must be a whole number between 1 and %d (got %q)", max, v)
	}
	return model.PageLimit(n, def, max)
}

// checkTheme refuses an unknown theme filter, which would otherwise match nothing silently.
func checkTheme(theme string) error {
	if theme != "" && !slices.Contains(model.Themes, theme) {
		return model.Invalid("theme", "unknown theme %q (one of %s)", theme, strings.Join(model.Themes, ", "))
	}
	return nil
}

// checkPeriod refuses a period filter that is not a period code.
func checkPeriod(period string) error {
	if period == "" {
		return nil
	}
	_, err := model.PeriodFromCode(period)
	return err
}

// measureFilter reads and checks the list's query parameters.
func measureFilter(r *http.Request) (model.MeasureFilter, error) {
	q, err := queryParams(r, "status", "alert", "unit", "leader", "theme", "period", "meeting", "q", "unreported", "limit", "cursor")
	if err != nil {
		return model.MeasureFilter{}, err
	}
	f := model.MeasureFilter{Status: model.Status(q.Get("status")), Alert: model.Alert(q.Get("alert")),
		Unit: q.Get("unit"), Leader: q.Get("leader"), Theme: q.Get("theme"), Period: q.Get("period"), Text: q.Get("q"), Limit: 100}
	switch q.Get("unreported") {
	case "", "0", "false":
	case "1", "true":
		f.Unreported = true
	default:
		return f, model.Invalid("unreported", "must be 1 or true (only measures with no progress report this reporting cycle)")
	}
	if f.Status != "" && !slices.Contains(model.Statuses, f.Status) {
		return f, model.Invalid("status", "unknown status %q", f.Status)
	}
	if f.Alert != "" && !slices.Contains(model.Alerts, f.Alert) {
		return f, model.Invalid("alert", "unknown alert %q (none, yellow, orange or red)", f.Alert)
	}
	if err := checkTheme(f.Theme); err != nil {
		return f, err
	}
	if err := checkPeriod(f.Period); err != nil {
		return f, err
	}
	if v := q.Get("meeting"); v != "" {
		if f.Meeting, err = strconv.ParseInt(v, 10, 64); err != nil || f.Meeting <= 0 {
			return f, model.Invalid("meeting", "must be a meeting id")
		}
	}
	if f.Limit, err = limitParam(q, app.DefaultMeasureLimit, app.MaxMeasureLimit); err != nil {
		return f, err
	}
	if v := q.Get("cursor"); v != "" {
		if f.After, err = strconv.ParseInt(v, 10, 64); err != nil || f.After <= 0 {
			return f, model.Invalid("cursor", "is not a cursor this API returned")
		}
	}
	return f, nil
}

// listMeasures returns one page of the measures matching the filters.
func (h *handler) listMeasures(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	f, err := measureFilter(r)
	if err != nil {
		return err
	}
	ms, next, err := h.app.Measures(r.Context(), s.Account, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, measurePage{Items: measuresJSON(ms), NextCursor: next})
}
