package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// deliveryJSON is one message luoshi sends or sent: an account's mail
// digest (target: the username) or a day's post to a webhook (target: its
// id). next_at is null unless it waits to be sent, sent_at until it was.
type deliveryJSON struct {
	ID        int64      `json:"id"`
	Key       string     `json:"key"`
	Channel   string     `json:"channel"`
	Target    string     `json:"target"`
	Day       model.Date `json:"day"`
	Notices   []int64    `json:"notices"`
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	NextAt    *time.Time `json:"next_at"`
	LastError string     `json:"last_error"`
	SentAt    *time.Time `json:"sent_at"`
	Created   time.Time  `json:"created"`
}

func deliveryOut(d model.Delivery) deliveryJSON {
	j := deliveryJSON{ID: d.ID, Key: d.Key, Channel: d.Channel, Target: d.Target, Day: d.Day, Notices: d.Notices, State: d.State,
		Attempts: d.Attempts, LastError: d.LastError, SentAt: timeOrNil(d.SentAt), Created: d.Created.UTC()}
	if j.Notices == nil {
		j.Notices = []int64{}
	}
	if d.State == model.DeliveryPending {
		j.NextAt = timeOrNil(d.NextAt)
	}
	return j
}

// deliveryPage is one page of deliveries; NextCursor is "" on the last page.
type deliveryPage struct {
	Items      []deliveryJSON `json:"items"`
	NextCursor string         `json:"next_cursor"`
}

// listDeliveries returns deliveries newest first, of one state or all
// (admin).
func (h *handler) listDeliveries(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "state", "limit", "cursor")
	if err != nil {
		return err
	}
	limit, err := limitParam(q, app.DefaultDeliveryLimit, app.MaxDeliveryLimit)
	if err != nil {
		return err
	}
	var before int64
	if v := q.Get("cursor"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before <= 0 {
			return model.Invalid("cursor", "is not a cursor this API returned")
		}
	}
	ds, err := h.app.Deliveries(r.Context(), s.Account, q.Get("state"), before, limit+1)
	if err != nil {
		return err
	}
	out := deliveryPage{Items: make([]deliveryJSON, 0, len(ds))}
	if len(ds) > limit {
		ds = ds[:limit]
		out.NextCursor = strconv.FormatInt(ds[len(ds)-1].ID, 10)
	}
	for _, d := range ds {
		out.Items = append(out.Items, deliveryOut(d))
	}
	return writeJSON(w, http.StatusOK, out)
}

// retryDelivery sends a failed delivery again from its first attempt
// (admin); one that is not failed is a conflict.
func (h *handler) retryDelivery(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	if err := h.app.RetryDelivery(r.Context(), s.Account, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
