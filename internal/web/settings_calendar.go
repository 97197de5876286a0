package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// termInput is one part of the academic year as the form holds it.
type termInput struct {
	Term, Start, End string
}

// calendarForm is one academic year's form as shown or typed, kept on a
// 422. Its fields are named <term>_start and <term>_end.
type calendarForm struct {
	Year  int
	Terms []termInput
	Saved bool
	Errs  map[string]string
}

// Err is the message for a field ("" when none).
func (f *calendarForm) Err(field string) string { return f.Errs[field] }

// calendarPage shows one academic year's terms and breaks (?year=2024 is
// 2024–2025; the default is the year today falls in), with links to the
// years around it. The admin and the office keep the calendar.
func (h *handler) calendarPage(w http.ResponseWriter, r *http.Request) {
	if !app.IsOffice(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office and the admin keep the academic calendar"))
		return
	}
	ctx := r.Context()
	year := 0
	if s := r.URL.Query().Get("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1900 || n > 2999 {
			h.fail(w, r, model.Invalid("year", "%q is not a year between 1900 and 2999", s))
			return
		}
		year = n
	} else {
		t, err := h.a.Today(ctx)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		year = model.AcademicYearOf(t.Day)
	}
	y, err := h.a.AcademicYear(ctx, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := &calendarForm{Year: year, Saved: r.URL.Query().Get("saved") != ""}
	for _, k := range model.TermKinds {
		in := termInput{Term: k}
		for _, t := range y.Terms {
			if t.Term == k {
				in.Start, in.End = t.Start.String(), t.End.String()
			}
		}
		f.Terms = append(f.Terms, in)
	}
	h.showCalendar(w, r, http.StatusOK, f)
}

func (h *handler) showCalendar(w http.ResponseWriter, r *http.Request, status int, f *calendarForm) {
	p := h.newPage(r, "calendar_settings", "calendar_settings.title", f)
	p.Title = p.T("calendar_settings.title_of", f.Year, f.Year+1)
	h.render(w, r, status, "calendar_settings", p)
}

// calendarSave sets one academic year (admin and office). A part left
// blank is not set; terms that overlap each other or the years around come
// back to the form (422) by the field to blame, nothing saved.
func (h *handler) calendarSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office and the admin keep the academic calendar"))
		return
	}
	pf := r.PostForm
	year, err := strconv.Atoi(strings.TrimSpace(pf.Get("year")))
	if err != nil {
		h.fail(w, r, model.Invalid("year", "%q is not a year", pf.Get("year")))
		return
	}
	f := &calendarForm{Year: year}
	y := model.AcademicYear{Year: year, Terms: []model.Term{}}
	for _, k := range model.TermKinds {
		in := termInput{Term: k, Start: strings.TrimSpace(pf.Get(k + "_start")), End: strings.TrimSpace(pf.Get(k + "_end"))}
		f.Terms = append(f.Terms, in)
		if in.Start == "" && in.End == "" {
			continue
		}
		t := model.Term{Term: k}
		var serr, eerr error
		t.Start, serr = model.ParseDate(in.Start)
		t.End, eerr = model.ParseDate(in.End)
		switch {
		case serr != nil && err == nil:
			err = model.Invalid("terms["+k+"].start", "%v", serr)
		case eerr != nil && err == nil:
			err = model.Invalid("terms["+k+"].end", "%v", eerr)
		}
		y.Terms = append(y.Terms, t)
	}
	if err == nil {
		_, err = h.a.SetAcademicYear(r.Context(), acct, y)
	}
	if err == nil {
		redirect(w, r, "/settings/calendar?year="+strconv.Itoa(year)+"&saved=1")
		return
	}
	status, field, msg, ok := formError(r, err)
	if !ok {
		h.fail(w, r, err)
		return
	}
	f.Errs = map[string]string{calendarField(field, y.Terms): msg}
	h.showCalendar(w, r, status, f)
}

var termField = regexp.MustCompile(`^terms\[([a-z0-9]+)\](?:\.([a-z]+))?$`)

// calendarField names the form field an academic year's error is about:
// terms[1].end (the second part sent) or terms[winter].start become
// winter_end or winter_start; anything else goes to the top of the form.
func calendarField(field string, sent []model.Term) string {
	m := termField.FindStringSubmatch(field)
	if m == nil {
		return "_"
	}
	kind := m[1]
	if i, err := strconv.Atoi(kind); err == nil {
		if i < 0 || i >= len(sent) {
			return "_"
		}
		kind = sent[i].Term
	}
	if !oneOf(kind, model.TermKinds) {
		return "_"
	}
	if m[2] == "end" {
		return kind + "_end"
	}
	return kind + "_start"
}
