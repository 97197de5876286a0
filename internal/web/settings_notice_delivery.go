package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// deliveryPageSize is how many deliveries a page shows.
const deliveryPageSize = 100

type deliveryTab struct {
	State   string
	N       int
	Href    string
	Current bool
}

type deliveryListData struct {
	State      string
	Tabs       []deliveryTab
	Deliveries []model.Delivery
	Older      string
	Retried    bool
}

// deliveryStates are the list's filters, in the order the tabs show them.
var deliveryStates = []string{model.DeliveryFailed, model.DeliveryPending, model.DeliverySent}

// deliveryList shows the admin what was sent, what waits, and what failed
// for good, with a retry for the failed (admin).
func (h *handler) deliveryList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	q := r.URL.Query()
	d := &deliveryListData{State: q.Get("state"), Retried: q.Get("retried") != ""}
	var before int64
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			h.fail(w, r, model.Invalid("before", "not a delivery number"))
			return
		}
		before = n
	}
	counts, err := h.a.DeliveryCounts(ctx, acct)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ds, err := h.a.Deliveries(ctx, acct, d.State, before, deliveryPageSize+1)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(ds) > deliveryPageSize {
		ds = ds[:deliveryPageSize]
		d.Older = link("/settings/deliveries", "state", d.State, "before", strconv.FormatInt(ds[len(ds)-1].ID, 10))
	}
	d.Deliveries = ds
	all := 0
	for _, s := range deliveryStates {
		all += counts[s]
	}
	d.Tabs = append(d.Tabs, deliveryTab{N: all, Href: "/settings/deliveries", Current: d.State == ""})
	for _, s := range deliveryStates {
		d.Tabs = append(d.Tabs, deliveryTab{State: s, N: counts[s], Href: link("/settings/deliveries", "state", s), Current: d.State == s})
	}
	h.render(w, r, http.StatusOK, "delivery_list", h.newPage(r, "deliveries", "deliveries.title", d))
}

// deliveryRetry sends a failed delivery again from its first attempt
// (admin); one that is not failed is a conflict (409).
func (h *handler) deliveryRetry(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no delivery %q", r.PathValue("id")))
		return
	}
	if err := h.a.RetryDelivery(r.Context(), signedInOf(r).Account, id); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/deliveries?state=pending&retried=1")
}
