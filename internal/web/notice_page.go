package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	// A 督办单: CanSign offers its unit the signature and the receipt
	// (回执) form, Handling and Expected keep the receipt's input, Errs its
	// messages; SignedBy and ReceiptBy name who signed and answered.
	CanSign             bool
	Handling, Expected  string
	Errs                map[string]string
	SignedBy, ReceiptBy string
}

// Err is the receipt form's message for a field.
func (d *noticePageData) Err(field string) string { return d.Errs[field] }

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
	d.CanSign = n.Voided == nil && app.CanSign(acct, n)
	if r := n.Receipt; r != nil && d.Errs == nil {
		d.Handling, d.Expected = r.Handling, r.Expected.String()
	}
	names, err := h.a.AccountNames(ctx, acct, noticePeople(n))
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
	if n.Signed != nil {
		d.SignedBy = cmp.Or(names[n.Signed.By], n.Signed.By)
	}
	if n.Receipt != nil {
		d.ReceiptBy = cmp.Or(names[n.Receipt.By], n.Receipt.By)
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
	names, err := h.a.AccountNames(ctx, acct, noticePeople(n))
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
	doc.Names = names
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

// noticeSign signs for a 督办单 on the unit's behalf and shows it again.
func (h *handler) noticeSign(w http.ResponseWriter, r *http.Request) {
	id, err := noticeID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.a.SignNotice(r.Context(), signedInOf(r).Account, id); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/notices/"+strconv.FormatInt(id, 10)+"#receipt")
}

// noticeReceipt keeps the unit's receipt (回执) for a 督办单; bad input comes
// back beside its field.
func (h *handler) noticeReceipt(w http.ResponseWriter, r *http.Request) {
	id, err := noticeID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &noticePageData{Handling: r.PostForm.Get("handling"), Expected: strings.TrimSpace(r.PostForm.Get("expected"))}
	rc := model.Receipt{Handling: d.Handling}
	if d.Expected != "" {
		if rc.Expected, err = model.ParseDate(d.Expected); err != nil {
			d.Errs = map[string]string{"expected": errorText(r, model.Invalid("expected", "is not a date (YYYY-MM-DD)"))}
			h.showNotice(w, r, http.StatusUnprocessableEntity, d)
			return
		}
	}
	_, err = h.a.SetReceipt(r.Context(), signedInOf(r).Account, id, rc)
	if errs := fieldErrors(r, err); errs != nil {
		d.Errs = errs
		h.showNotice(w, r, http.StatusUnprocessableEntity, d)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/notices/"+strconv.FormatInt(id, 10)+"#receipt")
}

// noticePeople are the accounts a notice names: its recipients, and who
// voided it, signed for it and answered it.
func noticePeople(n model.Notice) []string {
	who := slices.Clone(n.Recipients)
	if n.Voided != nil {
		who = append(who, n.Voided.By)
	}
	if n.Signed != nil {
		who = append(who, n.Signed.By)
	}
	if n.Receipt != nil {
		who = append(who, n.Receipt.By)
	}
	return who
}
