package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/channel"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// calendarFeed serves an account's calendar feed, /calendar/<token>.ics,
// without a session: calendar programs cannot sign in, so the secret in the
// address is the key. One all-day event per measure's due day, and one per
// open milestone before it, in the account's language.
func (h *handler) calendarFeed(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	token, ok := strings.CutSuffix(file, ".ics")
	if !ok || token == "" {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no calendar %q", file))
		return
	}
	ctx := r.Context()
	acct, ms, err := h.a.CalendarFeed(ctx, token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lang := i18n.Lang(acct.Lang)
	units := map[string]string{}
	if us, err := h.a.Units(ctx); err == nil {
		for _, u := range us {
			units[u.Code] = u.Name
			if lang == "en" && u.NameEn != "" {
				units[u.Code] = u.NameEn
			}
		}
	}
	unitName := func(code string) string {
		if n := units[code]; n != "" {
			return n
		}
		return code
	}
	site := siteURL(r)
	events := make([]channel.Event, 0, len(ms))
	for _, m := range ms {
		url := site + "/measures/" + m.Code
		desc := i18n.T(lang, "calendar.description", unitName(m.LeadUnit), m.Progress, i18n.T(lang, "status."+string(m.Status)))
		events = append(events, channel.Event{UID: "measure-" + m.Code + "@luoshi", Day: m.Due, Summary: m.Code + " " + m.Title,
			Description: desc, URL: url, Updated: m.Updated})
		for i, mi := range m.Milestones {
			if mi.Done || mi.Due == 0 || mi.Due >= m.Due {
				continue
			}
			events = append(events, channel.Event{UID: "milestone-" + m.Code + "-" + strconv.Itoa(i) + "@luoshi", Day: mi.Due,
				Summary:     i18n.T(lang, "calendar.milestone", m.Code, mi.Title),
				Description: m.Code + " " + m.Title + "\n" + desc, URL: url, Updated: m.Updated})
		}
	}
	var buf bytes.Buffer
	if err := channel.WriteCalendar(&buf, i18n.T(lang, "calendar.name", acct.Name), events, h.a.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(buf.Bytes())
}
