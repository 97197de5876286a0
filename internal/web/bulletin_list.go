package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type bulletinListData struct {
	Bulletins []model.Bulletin
	From, To  string
	Errs      map[string]string
	CanIssue  bool
}

// bulletinList lists the issued bulletins, the latest first, under the
// range form: preview for everyone, issue for the office. The range
// defaults to the month so far.
func (h *handler) bulletinList(w http.ResponseWriter, r *http.Request) {
	t, err := h.a.Today(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	first := t.Day.Time()
	d := &bulletinListData{From: model.Ymd(first.Year(), first.Month(), 1).String(), To: t.Day.String()}
	h.renderBulletinList(w, r, http.StatusOK, d)
}

func (h *handler) renderBulletinList(w http.ResponseWriter, r *http.Request, status int, d *bulletinListData) {
	acct := signedInOf(r).Account
	bs, err := h.a.Bulletins(r.Context(), acct)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Bulletins, d.CanIssue = bs, app.CanIssueBulletins(acct)
	h.render(w, r, status, "bulletin_list", h.newPage(r, "bulletins", "bulletin.title", d))
}

// bulletinIssue answers the range form: action=preview goes to the preview
// of the range (anyone), otherwise the office issues the bulletin and sees
// it. A bad range comes back to the form with the reason by its field.
func (h *handler) bulletinIssue(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	from, to := r.PostForm.Get("from"), r.PostForm.Get("to")
	preview := r.PostForm.Get("action") == "preview"
	if !preview && !app.CanIssueBulletins(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to issue bulletins"))
		return
	}
	var b model.Bulletin
	f, t, err := bulletinRange(from, to)
	if err == nil {
		if preview {
			_, err = h.a.PreviewBulletin(r.Context(), acct, f, t)
		} else {
			b, err = h.a.IssueBulletin(r.Context(), acct, app.BulletinRequest{From: f, To: t, Supplement: r.PostForm.Get("supplement") == "1"})
		}
	}
	if e := model.ErrorOf(err); e != nil && e.Code == model.ECONFLICT && e.Field == "supplement" {
		// The range overlaps an issued bulletin: back to its preview, which
		// says which and offers the supplement box.
		r.URL.RawQuery = url.Values{"from": {f.String()}, "to": {t.String()}}.Encode()
		h.showBulletin(w, r, http.StatusConflict, &bulletinPageData{IssueErr: i18n.T(i18n.Lang(acct.Lang), "bulletin.overlap_refused")})
		return
	}
	if field, msg := fieldError(r, err); field != "" {
		h.renderBulletinList(w, r, http.StatusUnprocessableEntity, &bulletinListData{From: from, To: to, Errs: map[string]string{field: msg}})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	if preview {
		redirect(w, r, link("/bulletins/preview", "from", f.String(), "to", t.String()))
		return
	}
	redirect(w, r, "/bulletins/"+strconv.FormatInt(b.ID, 10))
}

// bulletinRange reads a range's two days, naming the one that is not a date.
func bulletinRange(from, to string) (model.Date, model.Date, error) {
	f, err := model.ParseDate(from)
	if err != nil {
		return 0, 0, model.Invalid("from", "%v", err)
	}
	t, err := model.ParseDate(to)
	if err != nil {
		return 0, 0, model.Invalid("to", "%v", err)
	}
	return f, t, nil
}
