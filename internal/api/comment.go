package api

import (
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// commentJSON is a remark on a measure.
type commentJSON struct {
	ID        int64     `json:"id"`
	Measure   string    `json:"measure"`
	Author    string    `json:"author"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// commentRequest is the body of a new comment.
type commentRequest struct {
	Text string `json:"text"`
}

// commentOut is a comment as the API shows it.
func commentOut(c model.Comment) commentJSON {
	return commentJSON{ID: c.ID, Measure: c.Measure, Author: c.Author, Text: c.Text, CreatedAt: c.CreatedAt.UTC()}
}

// listComments lists a measure's comments, oldest first.
func (h *handler) listComments(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	d, err := h.app.Measure(r.Context(), s.Account, r.PathValue("code"))
	if err != nil {
		return err
	}
	out := list[commentJSON]{Items: make([]commentJSON, 0, len(d.Comments))}
	for _, c := range d.Comments {
		out.Items = append(out.Items, commentOut(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

// addComment records a remark (office, leaders, the measure's units) and
// answers with it as stored.
func (h *handler) addComment(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req commentRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := h.app.AddComment(r.Context(), s.Account, r.PathValue("code"), req.Text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, commentOut(c))
}
