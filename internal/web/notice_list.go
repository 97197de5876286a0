package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// noticePageSize is how many notices a list page shows.
const noticePageSize = 50

// The inbox's tabs.
const (
	noticeTabMine = "mine" // addressed to me
	noticeTabUnit = "unit" // my unit's (unit accounts)
	noticeTabAll  = "all"  // every notice (office, admin, leaders)
)

// noticeRow is a notice with its document number and sentence in the
// reader's language.
type noticeRow struct {
	N               model.Notice
	Number, Summary string
}

// noticeRows numbers and words notices for lang, the one way every page does.
func noticeRows(lang string, ns []model.Notice) []noticeRow {
	out := make([]noticeRow, len(ns))
	for i, n := range ns {
		out[i] = noticeRow{N: n, Number: app.NoticeNumber(lang, n), Summary: app.NoticeSummary(lang, n)}
	}
	return out
}

type noticeTab struct {
	Tab     string
	Href    string
	Current bool
}

// missedRow is a unit that missed a reporting cycle, and on how many measures.
type missedRow struct {
	Unit string
	N    int
}

type noticeListData struct {
	Tab                 string
	Tabs                []noticeTab
	Kind, Unit, Measure string
	// Unsigned shows only the 督办单 no one has signed for.
	Unsigned   bool
	Kinds      []model.NoticeKind
	Units      []model.Unit
	Notices    []noticeRow
	Older      string
	ShowMissed bool
	Missed     []missedRow
	// Issued is how many reminders the office just sent by hand.
	Issued int
}

// Link is the list with the current tab and filters, kv overriding them.
func (d *noticeListData) Link(kv ...string) string {
	unsigned := ""
	if d.Unsigned {
		unsigned = "1"
	}
	base := []string{"tab", d.Tab, "kind", d.Kind, "unit", d.Unit, "measure", d.Measure, "unsigned", unsigned}
	for i := 0; i+1 < len(kv); i += 2 {
		found := false
		for j := 0; j+1 < len(base); j += 2 {
			if base[j] == kv[i] {
				base[j+1], found = kv[i+1], true
			}
		}
		if !found {
			base = append(base, kv[i], kv[i+1])
		}
	}
	if len(base) >= 2 && base[1] == noticeTabMine {
		base[1] = ""
	}
	return link("/notices", base...)
}

// noticeTabsFor lists the tabs an account has: its own inbox always, its
// unit's notices for a unit account, all notices for those who read them.
func noticeTabsFor(a model.Account) []string {
	tabs := []string{noticeTabMine}
	if a.Role == model.RoleUnit && a.Unit != "" {
		tabs = append(tabs, noticeTabUnit)
	}
	if app.IsOffice(a) || a.Role == model.RoleLeader {
		tabs = append(tabs, noticeTabAll)
	}
	return tabs
}

// noticeList is the inbox: my notices, my unit's, or all of them with
// filters, newest first, paged by id; the office also sees which units
// missed a reporting cycle.
func (h *handler) noticeList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	q := r.URL.Query()
	d := &noticeListData{Tab: q.Get("tab"), Kind: q.Get("kind"), Unit: q.Get("unit"), Measure: q.Get("measure"), Kinds: model.NoticeKinds}
	if d.Tab == "" {
		d.Tab = noticeTabMine
	}
	d.Issued, _ = strconv.Atoi(q.Get("issued"))
	tabs := noticeTabsFor(acct)
	known := false
	for _, t := range tabs {
		known = known || t == d.Tab
	}
	if !known {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "no notice tab %q for this account", d.Tab))
		return
	}
	if len(tabs) > 1 {
		for _, t := range tabs {
			d.Tabs = append(d.Tabs, noticeTab{Tab: t, Href: d.Link("tab", t, "unit", "", "before", ""), Current: t == d.Tab})
		}
	}
	d.Unsigned = q.Get("unsigned") == "1"
	f := model.NoticeFilter{Kind: d.Kind, Measure: d.Measure, Unsigned: d.Unsigned, Limit: noticePageSize + 1}
	switch d.Tab {
	case noticeTabMine:
		f.Recipient, f.Unread = acct.Username, q.Get("unread") == "1"
	case noticeTabUnit:
		f.Unit, d.Unit = acct.Unit, ""
	case noticeTabAll:
		f.Unit = d.Unit
	}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			h.fail(w, r, model.Invalid("before", "not a notice number"))
			return
		}
		f.Before = n
	}
	ns, err := h.a.Notices(ctx, acct, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(ns) > noticePageSize {
		ns = ns[:noticePageSize]
		d.Older = d.Link("before", strconv.FormatInt(ns[len(ns)-1].ID, 10))
	}
	lang := i18n.Lang(acct.Lang)
	d.Notices = noticeRows(lang, ns)
	if d.Units, err = h.a.Units(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if app.IsOffice(acct) {
		missed, err := h.a.MissedReports(ctx, acct)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.ShowMissed = true
		for u, n := range missed {
			d.Missed = append(d.Missed, missedRow{u, n})
		}
		sort.Slice(d.Missed, func(i, j int) bool {
			if d.Missed[i].N != d.Missed[j].N {
				return d.Missed[i].N > d.Missed[j].N
			}
			return d.Missed[i].Unit < d.Missed[j].Unit
		})
	}
	h.render(w, r, http.StatusOK, "notice_list", h.newPage(r, "notices", "notices.title", d))
}
