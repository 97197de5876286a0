package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/speechfile"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Meetings lists meetings; everyone signed in may see them.
// Only meetings of the kinds given are listed; none given, all of them.
func (a *App) Meetings(ctx context.Context, actor model.Account, kinds ...string) ([]model.MeetingSummary, error) {
	for _, k := range kinds {
		if !slices.Contains(model.MeetingKinds, k) {
			return nil, model.Invalid("kind", "must be one of %s", strings.Join(model.MeetingKinds, ", "))
		}
	}
	return a.store.Meetings(ctx, kinds...)
}

// Meeting returns one meeting with its agenda.
func (a *App) Meeting(ctx context.Context, actor model.Account, id int64) (model.Meeting, error) {
	return a.store.Meeting(ctx, id)
}

// SaveMeeting creates (ID 0) or updates a meeting with its agenda (office).
func (a *App) SaveMeeting(ctx context.Context, actor model.Account, m *model.Meeting) error {
	if !CanManage(actor) {
		return forbidden("record meetings")
	}
	if err := a.readSpeeches(actor, m); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	p, _ := model.PeriodFromCode(m.Period)
	action := "create"
	if m.ID != 0 {
		action = "update"
	}
	return a.change(ctx, actor, action, "meeting", func(tx *store.Tx, ev *Event) error {
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if m.ID == 0 {
			if err := tx.InsertMeeting(ctx, m); err != nil {
				return err
			}
		} else {
			before, err := tx.Meeting(ctx, m.ID)
			if err != nil {
				return err
			}
			ev.Before = before
			if err := tx.UpdateMeeting(ctx, m); err != nil {
				return err
			}
		}
		ev.ID, ev.After = strconv.FormatInt(m.ID, 10), m
		return nil
	})
}

// readSpeeches reads the text of each agenda item sent with a file (a Word
// document or a text file): the text replaces what the item held, and the
// file is kept with it. Every file is read before anything is saved, and
// each bad one is named by its item.
func (a *App) readSpeeches(actor model.Account, m *model.Meeting) error {
	var errs model.Errors
	for i := range m.Items {
		up := m.Items[i].Upload
		if up == nil {
			continue
		}
		text, format, err := speechfile.Read(up.Name, up.Data)
		if e := model.ErrorOf(err); e != nil && e.Field == "file" {
			e2 := *e
			e2.Field = "agenda[" + strconv.Itoa(i) + "].file"
			errs.Add(&e2)
			continue
		} else if err != nil {
			return err
		}
		sum := sha256.Sum256(up.Data)
		up.Format, up.Size, up.SHA256, up.Author = format, int64(len(up.Data)), hex.EncodeToString(sum[:]), actor.Username
		m.Items[i].Text = text
		if strings.TrimSpace(m.Items[i].Title) == "" {
			// A speech sent as a file is named by its file.
			m.Items[i].Title = strings.TrimSuffix(up.Name, path.Ext(up.Name))
		}
	}
	return errs.Err()
}

// SetSpeech reads an agenda item's text from a file (office): the text
// replaces the item's, the file is kept with it, in one change of the
// meeting.
func (a *App) SetSpeech(ctx context.Context, actor model.Account, meeting int64, seq int, up model.SpeechFile) (model.AgendaItem, error) {
	if !CanManage(actor) {
		return model.AgendaItem{}, forbidden("record meetings")
	}
	m, err := a.store.Meeting(ctx, meeting)
	if err != nil {
		return model.AgendaItem{}, err
	}
	i := slices.IndexFunc(m.Items, func(it model.AgendaItem) bool { return it.Seq == seq })
	if i < 0 {
		return model.AgendaItem{}, model.Errorf(model.ENOTFOUND, "agenda item %d of meeting %d not found", seq, meeting)
	}
	m.Items[i].Upload = &up
	if err := a.SaveMeeting(ctx, actor, &m); err != nil {
		if e := model.ErrorOf(err); e != nil && e.Field == "agenda["+strconv.Itoa(i)+"].file" {
			e2 := *e
			e2.Field = "file"
			return model.AgendaItem{}, &e2
		}
		return model.AgendaItem{}, err
	}
	return m.Items[i], nil
}

// SpeechFile returns the file agenda item item of a meeting had its text
// read from; every account that sees the meeting may download it.
func (a *App) SpeechFile(ctx context.Context, actor model.Account, meeting, item int64) (model.SpeechFile, error) {
	if _, m, err := a.store.AgendaItem(ctx, item); err != nil {
		return model.SpeechFile{}, err
	} else if m != meeting {
		return model.SpeechFile{}, model.Errorf(model.ENOTFOUND, "agenda item %d of meeting %d not found", item, meeting)
	}
	return a.store.SpeechFile(ctx, item)
}

// SpeechFromForm returns the speech file sent in a multipart form's part
// named field, or nil when none was chosen.
func SpeechFromForm(form *multipart.Form, field string) (*model.SpeechFile, error) {
	if form == nil || len(form.File[field]) == 0 {
		return nil, nil
	}
	fh := form.File[field][0]
	name := rawFileName(fh)
	if fh.Size == 0 && name == "" {
		return nil, nil // a file input left empty
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("app: open uploaded file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, speechfile.MaxFile+1))
	if err != nil {
		return nil, fmt.Errorf("app: read uploaded file: %w", err)
	}
	return &model.SpeechFile{Name: name, Data: data}, nil
}

// SpeechHeaders are the headers of a speech file's download: those of an
// evidence file (always an attachment, never shown inline).
func SpeechHeaders(f model.SpeechFile) http.Header {
	ct := "text/plain; charset=utf-8"
	if f.Format == speechfile.Docx {
		ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return EvidenceHeaders(model.Evidence{Type: ct, Name: f.Name, SHA256: f.SHA256})
}
