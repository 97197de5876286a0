package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// bulletinJSON is a supervision bulletin on the wire. A preview has id and
// number null and no issued_at; lists give the summary without sections.
type bulletinJSON struct {
	ID       *int64               `json:"id"`
	Year     int                  `json:"year"`
	Number   *int                 `json:"number"`
	Title    string               `json:"title"`
	From     model.Date           `json:"from"`
	To       model.Date           `json:"to"`
	AsOf     model.Date           `json:"as_of"`
	IssuedOn model.Date           `json:"issued_on"`
	IssuedAt *time.Time           `json:"issued_at"`
	Issuer   string               `json:"issuer"`
	Office   string               `json:"office"`
	Summary  bulletinSummaryJSON  `json:"summary"`
	Sections *bulletinSectionJSON `json:"sections,omitempty"`
	// Supplement marks a 补充通报; Voided is null while the bulletin stands.
	Supplement bool      `json:"supplement"`
	Voided     *voidJSON `json:"voided"`
}

// voidJSON says who voided a numbered document, when and why.
type voidJSON struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

func voidOut(v *model.Void) *voidJSON {
	if v == nil {
		return nil
	}
	return &voidJSON{At: v.At.UTC(), By: v.By, Reason: v.Reason}
}

// voidRequest is the body of a void: why.
type voidRequest struct {
	Reason string `json:"reason"`
}

type bulletinSummaryJSON struct {
	Overdue        int `json:"overdue"`
	OverdueUnits   int `json:"overdue_units"`
	Orange         int `json:"orange"`
	OrangeUnits    int `json:"orange_units"`
	Completed      int `json:"completed"`
	CompletedUnits int `json:"completed_units"`
}

type bulletinSectionJSON struct {
	Overdue   []bulletinItemJSON `json:"overdue"`
	Orange    []bulletinItemJSON `json:"orange"`
	Completed []bulletinItemJSON `json:"completed"`
}

// bulletinItemJSON is a listed measure with its figures as of the range's
// last day; units by code, the leader by account name.
type bulletinItemJSON struct {
	Code        string       `json:"code"`
	Title       string       `json:"title"`
	LeadUnit    string       `json:"lead_unit"`
	Leader      string       `json:"leader"`
	Due         model.Date   `json:"due"`
	DaysOverdue int          `json:"days_overdue"`
	Progress    int          `json:"progress"`
	Status      model.Status `json:"status"`
	Alert       model.Alert  `json:"alert"`
	Completed   model.Date   `json:"completed"`
}

func bulletinOut(b model.Bulletin, withSections bool) bulletinJSON {
	s := b.Summary()
	j := bulletinJSON{Year: b.Year, Title: b.Title(), From: b.From, To: b.To, AsOf: b.To, IssuedOn: b.IssuedOn,
		Issuer: b.Issuer, Office: b.Office, IssuedAt: timeOrNil(b.IssuedAt), Supplement: b.Supplement, Voided: voidOut(b.Voided),
		Summary: bulletinSummaryJSON{Overdue: s.Overdue, OverdueUnits: s.OverdueUnits, Orange: s.Orange, OrangeUnits: s.OrangeUnits,
			Completed: s.Completed, CompletedUnits: s.CompletedUnits}}
	if b.Issued() {
		id, n := b.ID, b.Number
		j.ID, j.Number = &id, &n
	}
	if withSections {
		items := func(in []model.BulletinItem) []bulletinItemJSON {
			out := make([]bulletinItemJSON, 0, len(in))
			for _, it := range in {
				out = append(out, bulletinItemJSON{Code: it.Code, Title: it.Title, LeadUnit: it.LeadUnit, Leader: it.Leader, Due: it.Due,
					DaysOverdue: it.DaysOverdue, Progress: it.Progress, Status: it.Status, Alert: it.Alert, Completed: it.Completed})
			}
			return out
		}
		j.Sections = &bulletinSectionJSON{Overdue: items(b.Sections.Overdue), Orange: items(b.Sections.Orange), Completed: items(b.Sections.Completed)}
	}
	return j
}

// bulletinRequest is the range of a bulletin to issue.
type bulletinRequest struct {
	From model.Date `json:"from"`
	To   model.Date `json:"to"`
	// Supplement issues a range that overlaps an issued bulletin's (409
	// without it).
	Supplement bool `json:"supplement"`
}

// listBulletins lists the issued bulletins, the latest first.
func (h *handler) listBulletins(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	bs, err := h.app.Bulletins(r.Context(), s.Account)
	if err != nil {
		return err
	}
	out := list[bulletinJSON]{Items: make([]bulletinJSON, 0, len(bs))}
	for _, b := range bs {
		out.Items = append(out.Items, bulletinOut(b, false))
	}
	return writeJSON(w, http.StatusOK, out)
}

// issueBulletin issues the bulletin of a range (office): 201 with it.
func (h *handler) issueBulletin(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	if !app.CanIssueBulletins(s.Account) {
		return model.Errorf(model.EFORBIDDEN, "not allowed to issue bulletins")
	}
	var req bulletinRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	b, err := h.app.IssueBulletin(r.Context(), s.Account, app.BulletinRequest{From: req.From, To: req.To, Supplement: req.Supplement})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/bulletins/"+strconv.FormatInt(b.ID, 10))
	return writeJSON(w, http.StatusCreated, bulletinOut(b, true))
}

// getBulletin shows an issued bulletin as it was issued.
func (h *handler) getBulletin(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "bulletin %q not found", r.PathValue("id"))
	}
	b, err := h.app.Bulletin(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bulletinOut(b, true))
}

// previewBulletin computes the bulletin of ?from=&to= without issuing it.
func (h *handler) previewBulletin(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "from", "to")
	if err != nil {
		return err
	}
	var days [2]model.Date
	for i, k := range []string{"from", "to"} {
		if days[i], err = model.ParseDate(q.Get(k)); err != nil {
			return model.Invalid(k, "%v", err)
		}
	}
	b, err := h.app.PreviewBulletin(r.Context(), s.Account, days[0], days[1])
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bulletinOut(b, true))
}

// voidBulletin voids an issued bulletin with a reason (office).
func (h *handler) voidBulletin(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "bulletin %q not found", r.PathValue("id"))
	}
	var req voidRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	b, err := h.app.VoidBulletin(r.Context(), s.Account, id, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bulletinOut(b, false))
}
