package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// historyJSON is an entity's recorded changes, newest first.
type historyJSON struct {
	Entity string      `json:"entity"`
	ID     string      `json:"id"`
	Events []eventJSON `json:"events"`
	// More is set when older events exist than the ones listed (the audit
	// export has them all).
	More bool `json:"more"`
}

// eventJSON is one change: the fields it touched before and after, as the
// objects the audit chain recorded (null when there was nothing before or
// after, as for a creation or a deletion).
type eventJSON struct {
	Seq    int64           `json:"seq"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

func rawOrNull(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}

func eventOut(ev model.AuditEvent) eventJSON {
	return eventJSON{Seq: ev.Seq, At: ev.At.UTC(), Actor: ev.Actor, Action: ev.Action, Before: rawOrNull(ev.Before), After: rawOrNull(ev.After)}
}

// getHistory returns the history of a measure, meeting, problem, indicator
// or unit report (UNIT/PERIOD) to those app.History lets read it, the same
// rule as the history page.
func (h *handler) getHistory(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	hist, err := h.app.History(r.Context(), s.Account, r.PathValue("entity"), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := historyJSON{Entity: hist.Entity, ID: hist.ID, Events: make([]eventJSON, 0, len(hist.Events)), More: hist.More}
	for _, ev := range hist.Events {
		out.Events = append(out.Events, eventOut(ev))
	}
	return writeJSON(w, http.StatusOK, out)
}
