package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type noticePageData struct {
	// Issuer is the institution's supervising office as it signs documents
	// ("" until the admin sets the profile: nothing signs in a made-up name).
	Issuer string
	noticeRow
	// UnitName is the lead unit as the notice named it (the page's
	// language's name when not Chinese).
	UnitName string
	// ToLeader: supervision notices and bulletins are also addressed to the
	// leader in charge.
	ToLeader   bool
	Recipients []string // display names
}

// noticeID reads {id}; a malformed id is a notice that does not exist.
func noticeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "no notice %q", r.PathValue("id"))
	}
	return id, nil
}

// noticePage is one notice as the numbered document it is, printable on
// A4. Opening it marks it read for its recipient, so the badge drops.
func (h *handler) noticePage(w http.ResponseWriter, r *http.Request) {
	id, err := noticeID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	n, err := h.a.ReadNotice(ctx, acct, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lang := i18n.Lang(acct.Lang)
	d := &noticePageData{noticeRow: noticeRows(lang, []model.Notice{n})[0],
		ToLeader: n.Kind == model.NoticeSupervision || n.Kind == model.NoticeBulletin, Issuer: h.a.OfficeName(ctx)}
	names, err := h.a.AccountNames(ctx, signedInOf(r).Account, n.Recipients)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, u := range n.Recipients {
		if nm := names[u]; nm != "" {
			d.Recipients = append(d.Recipients, nm)
		} else {
			d.Recipients = append(d.Recipients, u)
		}
	}
	p := h.newPage(r, "notices", "notices.title", d)
	p.Title = d.Number
	d.UnitName = n.Snapshot.LeadUnitName
	if d.UnitName == "" || p.Lang != i18n.Default {
		d.UnitName = p.UnitName(n.Unit)
	}
	h.render(w, r, http.StatusOK, "notice_page", p)
}
