package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/report"
)

// A retreat's preparation (研讨会筹备): the page of topics, groups and
// requests for remarks (/meetings/{id}/prep), the page where a participant
// writes or uploads remarks (/meetings/{id}/remarks/{remarks}), and the
// participants' book (/meetings/{id}/book.docx).

// prepData is the preparation page.
type prepData struct {
	app.RetreatPrep
	CanPrepare bool // the office: forms to add and remove
	CanBook    bool // the office and leaders: the book
	// Errs are a failed form's messages by field, Form which form failed
	// ("topic", "group", "request") and In what it held.
	Errs map[string]string
	Form string
	In   map[string][]string
}

// Err is the failed form's message on field, "" for another form.
func (d *prepData) Err(form, field string) string {
	if d.Form != form {
		return ""
	}
	return d.Errs[field]
}

// Val is what the failed form held in field.
func (d *prepData) Val(form, field string) string {
	if d.Form != form || len(d.In[field]) == 0 {
		return ""
	}
	return d.In[field][0]
}

// Has reports whether the failed form chose v in field.
func (d *prepData) Has(form, field, v string) bool {
	if d.Form != form {
		return false
	}
	for _, x := range d.In[field] {
		if x == v {
			return true
		}
	}
	return false
}

// Members names a group's leaders or units, joined.
func (d *prepData) Members(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = d.Name(k)
	}
	return strings.Join(out, "、")
}

// TopicTitles are a group's topics' titles.
func (d *prepData) TopicTitles(ids []int64) []string {
	var out []string
	for _, id := range ids {
		if t := d.Topic(id); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Mine reports whether request r is the reader's own.
func (d *prepData) Mine(acct model.Account, r model.Remarks) bool {
	return app.IsParticipant(acct, r.Participant)
}

func (h *handler) prepPage(w http.ResponseWriter, r *http.Request) {
	h.showPrep(w, r, http.StatusOK, &prepData{})
}

func (h *handler) showPrep(w http.ResponseWriter, r *http.Request, status int, d *prepData) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	if d.RetreatPrep, err = h.a.RetreatPrep(r.Context(), acct, id); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanPrepare = app.CanPrepareRetreat(acct)
	d.CanBook = d.CanPrepare || acct.Role == model.RoleLeader
	p := h.newPage(r, "meetings", "retreat.prep", d)
	p.Title = d.Meeting.Title + " · " + p.T("retreat.prep")
	h.render(w, r, status, "retreat_prep", p)
}

// prepFailed shows the page again with a form's messages, or the error
// page when err is no invalid input.
func (h *handler) prepFailed(w http.ResponseWriter, r *http.Request, form string, err error) {
	if errs := fieldErrors(r, err); errs != nil {
		h.showPrep(w, r, http.StatusUnprocessableEntity, &prepData{Errs: errs, Form: form, In: r.PostForm})
		return
	}
	h.fail(w, r, err)
}

// prepDone goes back to the preparation page, at a section.
func prepDone(w http.ResponseWriter, r *http.Request, id int64, section string) {
	redirect(w, r, fmt.Sprintf("/meetings/%d/prep#%s", id, section))
}

// pathInt reads a path value naming a topic, group or request.
func pathInt(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "%s %q not found", what, r.PathValue(name))
	}
	return id, nil
}

// topicAdd adds a topic (office).
func (h *handler) topicAdd(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	t := model.RetreatTopic{Title: r.PostFormValue("title"), Description: r.PostFormValue("description")}
	if err := h.a.SaveRetreatTopic(r.Context(), signedInOf(r).Account, id, &t); err != nil {
		h.prepFailed(w, r, "topic", err)
		return
	}
	prepDone(w, r, id, "topics")
}

// prepRemove is the preparation's removals: the meeting in the path, the
// item in the path's param (what names it in an error), then back to the
// page's section.
func (h *handler) prepRemove(w http.ResponseWriter, r *http.Request, param, what, section string,
	remove func(ctx context.Context, actor model.Account, meeting, item int64) error) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	item, err := pathInt(r, param, what)
	if err == nil {
		err = remove(r.Context(), signedInOf(r).Account, id, item)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	prepDone(w, r, id, section)
}

// topicDelete removes a topic (office).
func (h *handler) topicDelete(w http.ResponseWriter, r *http.Request) {
	h.prepRemove(w, r, "topic", "topic", "topics", h.a.DeleteRetreatTopic)
}

// groupAdd adds a group (office).
func (h *handler) groupAdd(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	g := model.RetreatGroup{Name: r.PostFormValue("name"), Leaders: r.PostForm["leaders"], Units: r.PostForm["units"],
		Convener: r.PostFormValue("convener"), Reporter: r.PostFormValue("reporter"), Topics: []int64{}}
	for _, s := range r.PostForm["topics"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			g.Topics = append(g.Topics, n)
		}
	}
	if err := h.a.SaveRetreatGroup(r.Context(), signedInOf(r).Account, id, &g); err != nil {
		h.prepFailed(w, r, "group", err)
		return
	}
	prepDone(w, r, id, "groups")
}

// groupDelete removes a group (office).
func (h *handler) groupDelete(w http.ResponseWriter, r *http.Request) {
	h.prepRemove(w, r, "group", "group", "groups", h.a.DeleteRetreatGroup)
}

// remarksRequest asks every group member for remarks by a day (office).
func (h *handler) remarksRequest(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	due, err := model.ParseDate(r.PostFormValue("due"))
	if err != nil {
		h.prepFailed(w, r, "request", model.Invalid("due", "is required (YYYY-MM-DD)"))
		return
	}
	if _, err := h.a.RequestRemarks(r.Context(), signedInOf(r).Account, id, nil, due); err != nil {
		h.prepFailed(w, r, "request", err)
		return
	}
	prepDone(w, r, id, "remarks")
}

// remarksWithdraw withdraws a request (office).
func (h *handler) remarksWithdraw(w http.ResponseWriter, r *http.Request) {
	h.prepRemove(w, r, "remarks", "request for remarks", "remarks", h.a.WithdrawRemarks)
}

// remarksData is a participant's page: the request and, for who may
// submit, the form.
type remarksData struct {
	Meeting   model.Meeting
	R         model.Remarks
	CanSubmit bool
	Title     string
	Text      string
	Errs      map[string]string
}

// Paras are the remarks' paragraphs, one per line written.
func (d *remarksData) Paras() []string {
	var out []string
	for _, l := range strings.Split(d.R.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (h *handler) remarksPage(w http.ResponseWriter, r *http.Request) {
	h.showRemarks(w, r, http.StatusOK, nil)
}

func (h *handler) showRemarks(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rid, err := pathInt(r, "remarks", "request for remarks")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	d := &remarksData{Errs: errs}
	if d.R, err = h.a.RetreatRemark(ctx, acct, id, rid); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Meeting, err = h.a.Meeting(ctx, acct, id); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanSubmit = app.CanSubmitRemarks(acct, d.R)
	d.Title, d.Text = d.R.Title, d.R.Text
	if errs != nil {
		d.Title, d.Text = r.PostFormValue("title"), r.PostFormValue("text")
	}
	p := h.newPage(r, "meetings", "retreat.remarks", d)
	p.Title = p.T("retreat.remarks_of", d.R.Name)
	h.render(w, r, status, "retreat_remarks", p)
}

// remarksSubmit records the participant's remarks: the text typed, or a
// Word (.docx) or text file whose text is read.
func (h *handler) remarksSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rid, err := pathInt(r, "remarks", "request for remarks")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	up, err := app.SpeechFromForm(r.MultipartForm, "file")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s := app.RemarksSubmission{Title: r.PostFormValue("title"), Text: r.PostFormValue("text"), File: up}
	if _, err := h.a.SubmitRemarks(r.Context(), signedInOf(r).Account, id, rid, s); err != nil {
		if errs := fieldErrors(r, err); errs != nil {
			h.showRemarks(w, r, http.StatusUnprocessableEntity, errs)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/meetings/%d/remarks/%d", id, rid))
}

// remarksFile downloads the file a participant's remarks came in.
func (h *handler) remarksFile(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rid, err := pathInt(r, "remarks", "request for remarks")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.a.RemarksFile(r.Context(), signedInOf(r).Account, id, rid)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for k, v := range app.SpeechHeaders(f) {
		w.Header()[k] = v
	}
	http.ServeContent(w, r, "", f.CreatedAt, bytes.NewReader(f.Data))
}

// retreatBook downloads the participants' book (office and leaders).
func (h *handler) retreatBook(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	prep, period, entries, err := h.a.RetreatBookData(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	book := report.RetreatBook{Prep: prep, Reports: report.NewCompendium(period, entries, h.a.Location)}
	if err := report.WriteRetreatBook(&buf, book); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", app.ContentDispositionAs(fmt.Sprintf("retreat-book-%d.docx", id), report.RetreatBookFileName(prep.Meeting)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
