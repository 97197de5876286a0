package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// academicYearJSON is one academic year on the wire: year is its first
// calendar year (2024 is 2024–2025), terms its teaching terms and breaks
// (autumn, winter, spring, summer) with dates as YYYY-MM-DD.
type academicYearJSON struct {
	Year  int        `json:"year"`
	Terms []termJSON `json:"terms"`
}

type termJSON struct {
	Term  string     `json:"term"`
	Start model.Date `json:"start"`
	End   model.Date `json:"end"`
}

func academicYearOut(y model.AcademicYear) academicYearJSON {
	out := academicYearJSON{Year: y.Year, Terms: make([]termJSON, 0, len(y.Terms))}
	for _, t := range y.Terms {
		out.Terms = append(out.Terms, termJSON{Term: t.Term, Start: t.Start, End: t.End})
	}
	return out
}

// yearInPath reads the {year} of the path; anything but four digits names
// no academic year, so it is not found, as an unknown id is.
func yearInPath(r *http.Request) (int, error) {
	s := r.PathValue("year")
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || s[0] < '1' || s[0] > '9' {
		return 0, model.Errorf(model.ENOTFOUND, "no academic year %q: give its first calendar year, e.g. 2024", s)
	}
	return y, nil
}

// getCalendar returns one academic year's terms (none when not set);
// everyone signed in may read the calendar.
func (h *handler) getCalendar(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	year, err := yearInPath(r)
	if err != nil {
		return err
	}
	y, err := h.app.AcademicYear(r.Context(), year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, academicYearOut(y))
}

// putCalendar sets one academic year's terms (admin and office, as the app
// rules). The body's year may be left out; given, it must be the path's.
func (h *handler) putCalendar(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	year, err := yearInPath(r)
	if err != nil {
		return err
	}
	var req academicYearJSON
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if req.Year != 0 && req.Year != year {
		return model.Invalid("year", "the body says %d, the path %d", req.Year, year)
	}
	y := model.AcademicYear{Year: year, Terms: make([]model.Term, 0, len(req.Terms))}
	for _, t := range req.Terms {
		y.Terms = append(y.Terms, model.Term{Term: t.Term, Start: t.Start, End: t.End})
	}
	saved, err := h.app.SetAcademicYear(r.Context(), s.Account, y)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, academicYearOut(saved))
}
