package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// boardRowJSON counts one lead unit's measures (or all of them).
type boardRowJSON struct {
	Unit     string               `json:"unit,omitempty"`
	Total    int                  `json:"total"`
	ByStatus map[model.Status]int `json:"by_status"`
	ByAlert  map[model.Alert]int  `json:"by_alert"`
	Progress int                  `json:"progress"`
}

// boardJSON is the supervision board on the wire.
type boardJSON struct {
	Today        model.Date     `json:"today"`
	Totals       boardRowJSON   `json:"totals"`
	Units        []boardRowJSON `json:"units"`
	Overdue      []measureJSON  `json:"overdue"`
	OverdueCount int            `json:"overdue_count"`
	DueSoon      []measureJSON  `json:"due_soon"`
	DueSoonCount int            `json:"due_soon_count"`
	DueSoonDays  int            `json:"due_soon_days"`
}

// boardRow lists every status and light, zeros included, so clients need
// not know which keys may be missing.
func boardRow(r model.BoardRow) boardRowJSON {
	j := boardRowJSON{Unit: r.Unit, Total: r.Total, Progress: r.Progress,
		ByStatus: map[model.Status]int{}, ByAlert: map[model.Alert]int{}}
	for _, s := range model.Statuses {
		j.ByStatus[s] = r.ByStatus[s]
	}
	for _, a := range model.Alerts {
		j.ByAlert[a] = r.ByAlert[a]
	}
	return j
}

// board returns the supervision board, optionally for one leader, theme or
// period (?leader=&theme=&period=).
func (h *handler) board(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "leader", "theme", "period")
	if err != nil {
		return err
	}
	f := model.BoardFilter{Leader: q.Get("leader"), Theme: q.Get("theme"), Period: q.Get("period")}
	if err := checkTheme(f.Theme); err != nil {
		return err
	}
	if err := checkPeriod(f.Period); err != nil {
		return err
	}
	b, err := h.app.Board(r.Context(), s.Account, f)
	if err != nil {
		return err
	}
	out := boardJSON{Today: b.Today.Day, Totals: boardRow(b.Totals), Units: []boardRowJSON{},
		Overdue: measuresJSON(b.Overdue), OverdueCount: b.OverdueCount,
		DueSoon: measuresJSON(b.DueSoon), DueSoonCount: b.DueSoonCount, DueSoonDays: model.DueSoonDays}
	for _, u := range b.Units {
		out.Units = append(out.Units, boardRow(u))
	}
	return writeJSON(w, http.StatusOK, out)
}
