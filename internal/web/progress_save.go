package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// progressSave files a progress report with its evidence files (a
// multipart form; a plain form files none). Bad input shows the measure
// page again with the report form as typed and the message by its field
// (422); files must be chosen again, as browsers never refill a file input.
func (h *handler) progressSave(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	f := progressForm{Date: strings.TrimSpace(r.PostForm.Get("date")), Percent: strings.TrimSpace(r.PostForm.Get("percent")),
		Note: r.PostForm.Get("note"), Risk: r.PostForm.Get("risk") != ""}
	files, err := app.EvidenceFromForm(r.MultipartForm)
	rep := model.ProgressReport{Note: f.Note, Risk: f.Risk, Evidence: files}
	if err == nil {
		err = h.fileProgress(r, code, f, &rep)
	}
	if errs := fieldErrors(r, err); errs != nil {
		f.Errs = errs
		h.showMeasure(w, r, http.StatusUnprocessableEntity, &measureData{Progress: f})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/measures/"+code+"#progress")
}

// fileProgress reads the form's date and percent into rep and files it.
func (h *handler) fileProgress(r *http.Request, code string, f progressForm, rep *model.ProgressReport) error {
	var err error
	if rep.Date, err = model.ParseDate(f.Date); err != nil {
		return model.Invalid("date", "%v", err)
	}
	if rep.Percent, err = strconv.Atoi(f.Percent); err != nil {
		return model.Invalid("percent", "must be a whole number between 0 and 100")
	}
	_, err = h.a.ReportProgress(r.Context(), signedInOf(r).Account, code, rep)
	return err
}

// commentSave adds a comment to a measure.
func (h *handler) commentSave(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	text := r.PostForm.Get("text")
	_, err := h.a.AddComment(r.Context(), signedInOf(r).Account, code, text)
	if fieldErrors(r, err) != nil {
		h.showMeasure(w, r, http.StatusUnprocessableEntity, &measureData{CommentText: text, CommentErr: errorText(r, err)})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/measures/"+code+"#comments")
}

// progressReview accepts or returns a progress report (office).
func (h *handler) progressReview(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no progress report %q", r.PathValue("id")))
		return
	}
	ctx := r.Context()
	rep, err := h.a.ProgressReport(ctx, signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	comment := r.PostForm.Get("comment")
	err = h.a.ReviewProgress(ctx, signedInOf(r).Account, id, r.PostForm.Get("review"), comment)
	if fieldErrors(r, err) != nil {
		msg := errorText(r, err)
		r.SetPathValue("code", rep.Measure)
		h.showMeasure(w, r, http.StatusUnprocessableEntity, &measureData{Review: reviewForm{ID: id, Comment: comment, Err: msg}})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/measures/"+rep.Measure+"#progress")
}

// progressWithdraw takes back a report not yet reviewed (its author or a
// colleague of the author's unit) and shows the measure again.
func (h *handler) progressWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no progress report %q", r.PathValue("id")))
		return
	}
	m, err := h.a.WithdrawProgress(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/measures/"+m.Code+"#progress")
}
