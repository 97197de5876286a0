package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// maxAgendaItems bounds the repeated fieldsets a form may post.
const maxAgendaItems = 100

type agendaInput struct {
	ID                         int64
	Kind, Title, Speaker, Text string
	// File is the file the item's text was read from, if any; Upload the
	// one chosen in the form to read it from now.
	File, Upload *model.SpeechFile
}

// meetingForm is the meeting form's input as typed, kept on a 422.
type meetingForm struct {
	ID                                                    int64
	Kind, Title, Date, Place, Presider, Attendees, Period string
	OnLeave, SittingIn                                    string
	Items                                                 []agendaInput
	Kinds, AgendaKinds                                    []string
	Errs                                                  map[string]string
}

// Err is the message for a field ("" when none), for the template.
func (f *meetingForm) Err(field string) string { return f.Errs[field] }

// ItemErr is the message for one agenda item's field.
func (f *meetingForm) ItemErr(i int, field string) string {
	return f.Errs[fmt.Sprintf("agenda[%d].%s", i, field)]
}

func (h *handler) showMeetingForm(w http.ResponseWriter, r *http.Request, status int, f *meetingForm) {
	f.Kinds, f.AgendaKinds = model.MeetingKinds, model.AgendaKinds
	key := "meeting.new"
	if f.ID != 0 {
		key = "meeting.edit"
	}
	h.render(w, r, status, "meeting_form", h.newPage(r, "meetings", key, f))
}

// meetingNew shows an empty meeting form with one agenda item (office).
func (h *handler) meetingNew(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "record meetings"))
		return
	}
	h.showMeetingForm(w, r, http.StatusOK, &meetingForm{Kind: "other", Items: []agendaInput{{Kind: "speech"}}})
}

// meetingEdit shows a meeting in its form (office).
func (h *handler) meetingEdit(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "record meetings"))
		return
	}
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.a.Meeting(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := &meetingForm{ID: m.ID, Kind: m.Kind, Title: m.Title, Date: m.Date.String(), Place: m.Place,
		Presider: m.Presider, Attendees: m.Attendees, OnLeave: m.OnLeave, SittingIn: m.SittingIn, Period: m.Period}
	for _, it := range m.Items {
		f.Items = append(f.Items, agendaInput{ID: it.ID, Kind: it.Kind, Title: it.Title, Speaker: it.Speaker, Text: it.Text, File: it.File})
	}
	h.showMeetingForm(w, r, http.StatusOK, f)
}

// meetingSave creates or updates a meeting. "Add item" posts the form with
// add_item and gets it back with one more empty item, so agendas of any
// length can be typed without JavaScript.
func (h *handler) meetingSave(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "record meetings"))
		return
	}
	f := &meetingForm{}
	if r.PathValue("id") != "" {
		id, err := meetingID(r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		f.ID = id
	}
	pf := r.PostForm
	f.Kind, f.Title, f.Date, f.Place = pf.Get("kind"), pf.Get("title"), strings.TrimSpace(pf.Get("date")), pf.Get("place")
	f.Presider, f.Attendees, f.Period = pf.Get("presider"), pf.Get("attendees"), strings.TrimSpace(pf.Get("period"))
	f.OnLeave, f.SittingIn = pf.Get("on_leave"), pf.Get("sitting_in")
	n, _ := strconv.Atoi(pf.Get("items"))
	if n < 0 || n > maxAgendaItems {
		n = 0
	}
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("item.%d.", i)
		if pf.Get(p+"remove") != "" {
			continue
		}
		id, _ := strconv.ParseInt(pf.Get(p+"id"), 10, 64)
		up, err := app.SpeechFromForm(r.MultipartForm, p+"file")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		it := agendaInput{ID: id, Kind: pf.Get(p + "kind"), Title: pf.Get(p + "title"), Speaker: pf.Get(p + "speaker"), Text: pf.Get(p + "text"), Upload: up}
		if it.ID == 0 && strings.TrimSpace(it.Title+it.Speaker+it.Text) == "" && up == nil && pf.Get("add_item") == "" {
			continue // an empty new item is no item
		}
		f.Items = append(f.Items, it)
	}
	if pf.Get("add_item") != "" || pf.Get("remove_item") != "" {
		if pf.Get("add_item") != "" && len(f.Items) < maxAgendaItems {
			f.Items = append(f.Items, agendaInput{Kind: "speech"})
		}
		h.showMeetingForm(w, r, http.StatusOK, f)
		return
	}
	m := model.Meeting{ID: f.ID, Kind: f.Kind, Title: f.Title, Place: strings.TrimSpace(f.Place), Presider: strings.TrimSpace(f.Presider),
		Attendees: strings.TrimSpace(f.Attendees), OnLeave: f.OnLeave, SittingIn: f.SittingIn, Period: f.Period}
	var err error
	if m.Date, err = model.ParseDate(f.Date); err != nil {
		err = model.Invalid("date", "%v", err)
	} else {
		for _, it := range f.Items {
			m.Items = append(m.Items, model.AgendaItem{ID: it.ID, Kind: it.Kind, Title: it.Title, Speaker: strings.TrimSpace(it.Speaker), Text: it.Text, Upload: it.Upload})
		}
		err = h.a.SaveMeeting(r.Context(), signedInOf(r).Account, &m)
	}
	if errs := fieldErrors(r, err); errs != nil {
		f.Errs = errs
		// Text already read from a file stays in the form, so that a
		// mistake elsewhere does not lose it.
		for i := range m.Items {
			if i < len(f.Items) && f.Items[i].Upload != nil && errs[fmt.Sprintf("agenda[%d].file", i)] == "" {
				f.Items[i].Text, f.Items[i].Title = m.Items[i].Text, m.Items[i].Title
			}
		}
		h.showMeetingForm(w, r, http.StatusUnprocessableEntity, f)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/meetings/%d", m.ID))
}
