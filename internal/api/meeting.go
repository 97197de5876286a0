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

// meetingJSON is a meeting on the wire; Agenda is left out of lists.
type meetingJSON struct {
	ID        int64        `json:"id"`
	Kind      string       `json:"kind"`
	Title     string       `json:"title"`
	Date      model.Date   `json:"date"`
	Place     string       `json:"place"`
	Presider  string       `json:"presider"`
	Attendees string       `json:"attendees"`
	OnLeave   string       `json:"on_leave"`
	SittingIn string       `json:"sitting_in"`
	Period    string       `json:"period"`
	Measures  *int         `json:"measures,omitempty"`
	Agenda    []agendaJSON `json:"agenda,omitempty"`
}

// agendaJSON is an agenda item; sending its id back on PUT keeps it (and the
// measures drawn from it) rather than replacing it.
type agendaJSON struct {
	ID      int64             `json:"id"`
	Seq     int               `json:"seq"`
	Kind    string            `json:"kind"`
	Title   string            `json:"title"`
	Speaker string            `json:"speaker"`
	Text    string            `json:"text"`
	File    *model.SpeechFile `json:"file,omitempty"` // the file the text was read from
}

// meetingRequest is the body of POST and PUT: the whole meeting.
type meetingRequest struct {
	Kind      string          `json:"kind"`
	Title     string          `json:"title"`
	Date      model.Date      `json:"date"`
	Place     string          `json:"place"`
	Presider  string          `json:"presider"`
	Attendees string          `json:"attendees"`
	OnLeave   string          `json:"on_leave"`
	SittingIn string          `json:"sitting_in"`
	Period    string          `json:"period"`
	Agenda    []agendaRequest `json:"agenda"`
}

// agendaRequest is an agenda item in a meeting body; a zero id adds a new item.
type agendaRequest struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
}

// meeting builds the domain meeting; app validates and numbers the items.
func (req meetingRequest) meeting(id int64) model.Meeting {
	m := model.Meeting{ID: id, Kind: req.Kind, Title: req.Title, Date: req.Date, Place: req.Place,
		Presider: req.Presider, Attendees: req.Attendees, OnLeave: req.OnLeave, SittingIn: req.SittingIn, Period: req.Period, Items: []model.AgendaItem{}}
	for _, it := range req.Agenda {
		m.Items = append(m.Items, model.AgendaItem{ID: it.ID, Kind: it.Kind, Title: it.Title, Speaker: it.Speaker, Text: it.Text})
	}
	return m
}

// meetingOut is a meeting as the API shows it, with an empty agenda as [] not null.
func meetingOut(m model.Meeting) meetingJSON {
	j := meetingJSON{ID: m.ID, Kind: m.Kind, Title: m.Title, Date: m.Date, Place: m.Place, Presider: m.Presider,
		Attendees: m.Attendees, OnLeave: m.OnLeave, SittingIn: m.SittingIn, Period: m.Period, Agenda: []agendaJSON{}}
	for _, it := range m.Items {
		j.Agenda = append(j.Agenda, agendaOut(it))
	}
	return j
}

// pathID reads a numeric path value; anything else cannot name a row.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "%s %q not found", what, r.PathValue("id"))
	}
	return id, nil
}

// listMeetings lists meetings, latest first, with their measure counts.
func (h *handler) listMeetings(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "kind")
	if err != nil {
		return err
	}
	var kinds []string
	if k := q.Get("kind"); k != "" {
		kinds = []string{k}
	}
	ms, err := h.app.Meetings(r.Context(), s.Account, kinds...)
	if err != nil {
		return err
	}
	out := list[meetingJSON]{Items: make([]meetingJSON, 0, len(ms))}
	for _, s := range ms {
		j := meetingOut(s.Meeting)
		j.Agenda = nil
		n := s.Measures
		j.Measures = &n
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

// getMeeting returns one meeting with its agenda.
func (h *handler) getMeeting(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	m, err := h.app.Meeting(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, meetingOut(m))
}

// createMeeting records a meeting (office).
func (h *handler) createMeeting(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req meetingRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	m := req.meeting(0)
	if err := h.app.SaveMeeting(r.Context(), s.Account, &m); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, meetingOut(m))
}

// updateMeeting replaces a meeting and its agenda (office).
func (h *handler) updateMeeting(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req meetingRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	m := req.meeting(id)
	if err := h.app.SaveMeeting(r.Context(), s.Account, &m); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, meetingOut(m))
}

// agendaOut is an agenda item as the API shows it.
func agendaOut(it model.AgendaItem) agendaJSON {
	return agendaJSON{ID: it.ID, Seq: it.Seq, Kind: it.Kind, Title: it.Title, Speaker: it.Speaker, Text: it.Text, File: it.File}
}

// setSpeech reads agenda item n's text from a file: POST
// /api/v1/meetings/{id}/items/{n}/speech with a multipart/form-data body
// whose part "file" is a Word document (.docx) or a text file. The text
// replaces the item's and the file is kept with it; the answer is the item.
func (h *handler) setSpeech(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		return model.Errorf(model.ENOTFOUND, "agenda item %q not found", r.PathValue("n"))
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return model.Invalid("", "send multipart/form-data with the file in a part named %q", "file")
	}
	r.Body = http.MaxBytesReader(w, r.Body, speechfile.MaxFile+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return model.Invalid("file", "is larger than %d MB", speechfile.MaxFile>>20)
		}
		return model.Invalid("", "the multipart body cannot be read: %v", err)
	}
	up, err := app.SpeechFromForm(r.MultipartForm, "file")
	if err != nil {
		return err
	}
	if up == nil {
		return model.Invalid("file", "is required")
	}
	it, err := h.app.SetSpeech(r.Context(), s.Account, id, n, *up)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, agendaOut(it))
}
