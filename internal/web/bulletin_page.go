package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/report"
)

type bulletinPageData struct {
	B model.Bulletin
	// Office is the issuing unit's name in the page's language.
	Office   string
	DocxURL  string
	CanIssue bool // a preview the reader may issue
	// Overlap is the issued bulletin a preview's range overlaps: issuing
	// it takes the supplement box (补充通报).
	Overlap *model.Bulletin
	// IssueErr says why issuing was refused; CanVoid offers the void form
	// of a standing issued bulletin, VoidReason and VoidErr keep its input.
	IssueErr            string
	CanVoid             bool
	VoidReason, VoidErr string
	// VoidedBy is the name of who voided it.
	VoidedBy string
}

// bulletinOf reads the bulletin a page or download asks for: an issued one
// by {id}, or the preview of ?from=&to=.
func (h *handler) bulletinOf(r *http.Request) (model.Bulletin, error) {
	acct := signedInOf(r).Account
	if id := r.PathValue("id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return model.Bulletin{}, model.Errorf(model.ENOTFOUND, "bulletin %q not found", id)
		}
		return h.a.Bulletin(r.Context(), acct, n)
	}
	f, t, err := bulletinRange(r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	if err != nil {
		return model.Bulletin{}, err
	}
	return h.a.PreviewBulletin(r.Context(), acct, f, t)
}

// bulletinPage is the bulletin as a document: printed on A4 without the
// navigation, with a .docx download beside it.
func (h *handler) bulletinPage(w http.ResponseWriter, r *http.Request) {
	h.showBulletin(w, r, http.StatusOK, &bulletinPageData{})
}

// showBulletin renders the bulletin page with d's messages (none, or a
// refused issue or void).
func (h *handler) showBulletin(w http.ResponseWriter, r *http.Request, status int, d *bulletinPageData) {
	b, err := h.bulletinOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	d.B = b
	p := h.newPage(r, "bulletins", "bulletin.title", d)
	if b.Issued() {
		p.Title = p.T("bulletin.title_n", b.Year, b.Number)
		d.DocxURL = "/bulletins/" + strconv.FormatInt(b.ID, 10) + "/bulletin.docx"
		d.CanVoid = b.Voided == nil && app.CanIssueBulletins(acct)
		if v := b.Voided; v != nil {
			d.VoidedBy = v.By
			if names, err := h.a.AccountNames(r.Context(), acct, []string{v.By}); err == nil && names[v.By] != "" {
				d.VoidedBy = names[v.By]
			}
		}
	} else {
		p.Title = p.T("bulletin.preview_title", i18n.Date(p.Lang, b.From.Time()), i18n.Date(p.Lang, b.To.Time()))
		d.DocxURL = link("/bulletins/preview.docx", "from", b.From.String(), "to", b.To.String())
		d.CanIssue = app.CanIssueBulletins(acct)
		if d.CanIssue {
			if d.Overlap, err = h.a.BulletinOverlap(r.Context(), acct, b.From, b.To); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	d.Office = h.issuerName(r, b.Office)
	h.render(w, r, status, "bulletin_page", p)
}

// bulletinVoid voids an issued bulletin with the office's reason and shows
// it again, struck through; a missing reason comes back beside its field.
func (h *handler) bulletinVoid(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "bulletin %q not found", r.PathValue("id")))
		return
	}
	reason := r.PostForm.Get("reason")
	_, err = h.a.VoidBulletin(r.Context(), signedInOf(r).Account, id, reason)
	if field, _ := fieldError(r, err); field == "reason" {
		lang := i18n.Lang(signedInOf(r).Account.Lang)
		h.showBulletin(w, r, http.StatusUnprocessableEntity, &bulletinPageData{VoidReason: reason, VoidErr: i18n.T(lang, "void.reason_required")})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/bulletins/"+strconv.FormatInt(id, 10))
}

// bulletinDocx downloads the bulletin (issued or preview) as a Word
// document, in Chinese as offices file it.
func (h *handler) bulletinDocx(w http.ResponseWriter, r *http.Request) {
	b, err := h.bulletinOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in, err := h.a.Institution(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	doc := report.BulletinDoc{Bulletin: b, OfficeName: h.issuerName(r, b.Office), Mark: model.DocumentMark(in)}
	if b.Issued() {
		doc.Number = b.NumberText
		if doc.Number == "" { // issued before the formats: today's format
			formats, err := h.a.DocumentFormats(r.Context())
			if err != nil {
				h.fail(w, r, err)
				return
			}
			doc.Number = model.DocumentNumber(formats[model.DocBulletin], in, b.Year, b.Number)
		}
	}
	var buf bytes.Buffer
	if err := report.WriteBulletinDocx(&buf, doc); err != nil {
		h.fail(w, r, err)
		return
	}
	name := report.BulletinFileName(b)
	ascii := "bulletin-preview.docx"
	if b.Issued() {
		ascii = "bulletin-" + strconv.Itoa(b.Year) + "-" + strconv.Itoa(b.Number) + ".docx"
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", app.ContentDispositionAs(ascii, name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// issuerName is how a bulletin signs: the office name frozen in it when it
// was issued, or (bulletins issued before the institution profile existed
// kept the issuing account's unit code) that unit's Chinese name; a preview
// signs with the profile's office name.
func (h *handler) issuerName(r *http.Request, office string) string {
	if office == "" {
		return h.a.OfficeName(r.Context())
	}
	if u, err := h.a.Unit(r.Context(), office); err == nil {
		return u.Name
	}
	return office
}
