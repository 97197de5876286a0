package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/report"
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
	// CanVoid offers the office the void form of a standing notice;
	// VoidReason and VoidErr keep its input; VoidedBy names who voided it.
	CanVoid                       bool
	VoidReason, VoidErr, VoidedBy string
}

// noticeID reads {id}; a malformed id is a notice that does not exist.
func noticeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "no notice %q", r.PathValue("id"))
	}
	return id, nil
}

// noticeOf reads notice {id} for the signed-in account (marking it read
// for its recipient).
func (h *handler) noticeOf(r *http.Request) (model.Notice, error) {
	id, err := noticeID(r)
	if err != nil {
		return model.Notice{}, err
	}
	return h.a.ReadNotice(r.Context(), signedInOf(r).Account, id)
}

// noticePage is one notice as the numbered document it is, printable on
// A4. Opening it marks it read for its recipient, so the badge drops.
func (h *handler) noticePage(w http.ResponseWriter, r *http.Request) {
	h.showNotice(w, r, http.StatusOK, &noticePageData{})
}

// showNotice renders the notice page with d's void input and message.
func (h *handler) showNotice(w http.ResponseWriter, r *http.Request, status int, d *noticePageData) {
	n, err := h.noticeOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	lang := i18n.Lang(acct.Lang)
	d.noticeRow = noticeRows(lang, []model.Notice{n})[0]
	d.ToLeader, d.Issuer = n.Kind == model.NoticeSupervision || n.Kind == model.NoticeBulletin, h.a.OfficeName(ctx)
	d.CanVoid = n.Voided == nil && app.CanManage(acct)
	who := n.Recipients
	if n.Voided != nil {
		who = append(slices.Clone(who), n.Voided.By)
	}
	names, err := h.a.AccountNames(ctx, acct, who)
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
	if n.Voided != nil {
		d.VoidedBy = cmp.Or(names[n.Voided.By], n.Voided.By)
	}
	h.render(w, r, status, "notice_page", p)
}

// noticeVoid voids a notice with the office's reason and shows it again,
// struck through; a missing reason comes back beside its field.
func (h *handler) noticeVoid(w http.ResponseWriter, r *http.Request) {
	id, err := noticeID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	reason := r.PostForm.Get("reason")
	_, err = h.a.VoidNotice(r.Context(), signedInOf(r).Account, id, reason)
	if field, _ := fieldError(r, err); field == "reason" {
		lang := i18n.Lang(signedInOf(r).Account.Lang)
		h.showNotice(w, r, http.StatusUnprocessableEntity, &noticePageData{VoidReason: reason, VoidErr: i18n.T(lang, "void.reason_required")})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/notices/"+strconv.FormatInt(id, 10))
}

// noticeDocx downloads a notice as a Word document in the official
// layout, in Chinese as offices file it.
func (h *handler) noticeDocx(w http.ResponseWriter, r *http.Request) {
	n, err := h.noticeOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	in, err := h.a.Institution(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names, err := h.a.AccountNames(ctx, acct, n.Recipients)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	doc := report.NoticeDoc{Notice: n, Mark: model.DocumentMark(in), OfficeName: in.OfficeName, UnitName: n.Snapshot.LeadUnitName}
	if doc.UnitName == "" {
		if u, err := h.a.Unit(ctx, n.Unit); err == nil {
			doc.UnitName = u.Name
		} else {
			doc.UnitName = n.Unit
		}
	}
	for _, u := range n.Recipients {
		doc.Recipients = append(doc.Recipients, cmp.Or(names[u], u))
	}
	var buf bytes.Buffer
	if err := report.WriteNoticeDocx(&buf, doc); err != nil {
		h.fail(w, r, err)
		return
	}
	ascii := fmt.Sprintf("notice-%s-%d-%d.docx", n.Kind, n.Year, n.Number)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", app.ContentDispositionAs(ascii, report.NoticeFileName(n)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
