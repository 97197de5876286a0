package api

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/speechfile"
)

// A retreat's preparation: /api/v1/meetings/{id}/topics, /groups and
// /submissions (the requests for remarks and what participants sent).

// subID reads a path value naming a topic, group or request.
func subID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "%s %q not found", what, r.PathValue(name))
	}
	return id, nil
}

// topicRequest is a topic as sent: {"title":"…","description":"…","seq":1}.
type topicRequest struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Seq         int    `json:"seq"`
}

// listTopics: GET /api/v1/meetings/{id}/topics.
func (h *handler) listTopics(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	ts, err := h.app.RetreatTopics(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"topics": ts})
}

// saveTopic adds (POST …/topics → 201) or changes (PUT …/topics/{topic})
// a topic (office).
func (h *handler) saveTopic(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var t model.RetreatTopic
	if r.Method == http.MethodPut {
		if t.ID, err = subID(r, "topic", "topic"); err != nil {
			return err
		}
	}
	var req topicRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	t.Title, t.Description, t.Seq = req.Title, req.Description, req.Seq
	if err := h.app.SaveRetreatTopic(r.Context(), s.Account, id, &t); err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(id, 10)+"/topics")
		return writeJSON(w, http.StatusCreated, t)
	}
	return writeJSON(w, http.StatusOK, t)
}

// deleteTopic: DELETE /api/v1/meetings/{id}/topics/{topic} (office).
func (h *handler) deleteTopic(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	tid, err := subID(r, "topic", "topic")
	if err != nil {
		return err
	}
	if err := h.app.DeleteRetreatTopic(r.Context(), s.Account, id, tid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// groupRequest is a group as sent.
type groupRequest struct {
	Name     string   `json:"name"`
	Seq      int      `json:"seq"`
	Leaders  []string `json:"leaders"`
	Units    []string `json:"units"`
	Convener string   `json:"convener"`
	Reporter string   `json:"reporter"`
	Topics   []int64  `json:"topics"`
}

// listGroups: GET /api/v1/meetings/{id}/groups.
func (h *handler) listGroups(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	gs, err := h.app.RetreatGroups(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"groups": gs})
}

// saveGroup adds (POST …/groups → 201) or changes (PUT …/groups/{group})
// a group (office).
func (h *handler) saveGroup(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var g model.RetreatGroup
	if r.Method == http.MethodPut {
		if g.ID, err = subID(r, "group", "group"); err != nil {
			return err
		}
	}
	var req groupRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	g.Name, g.Seq, g.Leaders, g.Units, g.Convener, g.Reporter, g.Topics = req.Name, req.Seq, req.Leaders, req.Units, req.Convener, req.Reporter, req.Topics
	if err := h.app.SaveRetreatGroup(r.Context(), s.Account, id, &g); err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(id, 10)+"/groups")
		return writeJSON(w, http.StatusCreated, g)
	}
	return writeJSON(w, http.StatusOK, g)
}

// deleteGroup: DELETE /api/v1/meetings/{id}/groups/{group} (office).
func (h *handler) deleteGroup(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	gid, err := subID(r, "group", "group")
	if err != nil {
		return err
	}
	if err := h.app.DeleteRetreatGroup(r.Context(), s.Account, id, gid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listSubmissions lists the requests for remarks the caller may see, each
// with its state: GET /api/v1/meetings/{id}/submissions.
func (h *handler) listSubmissions(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	rs, err := h.app.RetreatRemarks(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"submissions": rs})
}

// requestRemarks asks participants for remarks by a day (office):
// POST /api/v1/meetings/{id}/submissions {"due":"2024-06-25",
// "participants":[{"kind":"unit","ref":"KJC"}]}; no participant asks every
// member of every group. 201 with the retreat's requests.
type requestRemarks struct {
	Due          model.Date          `json:"due"`
	Participants []model.Participant `json:"participants"`
}

func (h *handler) requestSubmissions(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req requestRemarks
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rs, err := h.app.RequestRemarks(r.Context(), s.Account, id, req.Participants, req.Due)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(id, 10)+"/submissions")
	return writeJSON(w, http.StatusCreated, map[string]any{"submissions": rs})
}

// remarksBody is what a participant sends as JSON.
type remarksBody struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// submitRemarks records a participant's remarks (the participant, or the
// office): PUT /api/v1/meetings/{id}/submissions/{sub} with JSON
// {"title","text"}, or multipart/form-data with parts title, text and a
// Word (.docx) or text file named file, whose text is read.
func (h *handler) submitRemarks(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	sid, err := subID(r, "sub", "request for remarks")
	if err != nil {
		return err
	}
	var sub app.RemarksSubmission
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, speechfile.MaxFile+1<<20)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return model.Invalid("file", "is larger than %d MB", speechfile.MaxFile>>20)
			}
			return model.Invalid("", "the multipart body cannot be read: %v", err)
		}
		sub.Title, sub.Text = r.FormValue("title"), r.FormValue("text")
		if sub.File, err = app.SpeechFromForm(r.MultipartForm, "file"); err != nil {
			return err
		}
	} else {
		var req remarksBody
		if err := decode(w, r, &req); err != nil {
			return err
		}
		sub.Title, sub.Text = req.Title, req.Text
	}
	rm, err := h.app.SubmitRemarks(r.Context(), s.Account, id, sid, sub)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rm)
}

// withdrawSubmission: DELETE /api/v1/meetings/{id}/submissions/{sub}
// (office) withdraws a request with what was sent.
func (h *handler) withdrawSubmission(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	sid, err := subID(r, "sub", "request for remarks")
	if err != nil {
		return err
	}
	if err := h.app.WithdrawRemarks(r.Context(), s.Account, id, sid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
