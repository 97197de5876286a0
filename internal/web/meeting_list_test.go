package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestMeetingListKinds: the units' study sessions are listed on a tab of
// their own, not among the leadership's meetings, which they would bury.
func TestMeetingListKinds(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	day, _ := model.ParseDate("2024-05-10")
	study := model.Meeting{Kind: "study", Title: "科技处集中学习《纪律处分条例》", Date: day, Period: "2024-H1"}
	if err := a.SaveMeeting(ctx, apptest.Account(t, a, apptest.Office), &study); err != nil {
		t.Fatal(err)
	}
	ms, err := a.Meetings(ctx, apptest.Account(t, a, apptest.Office))
	if err != nil || len(ms) < 2 {
		t.Fatalf("meetings: %d, %v", len(ms), err)
	}
	var leadership string
	for _, m := range ms {
		if m.Kind != "study" {
			leadership = m.Title
		}
	}
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	code, body := c.get("/meetings")
	if code != http.StatusOK || strings.Contains(body, study.Title) || !strings.Contains(body, leadership) {
		t.Errorf("/meetings: %d; lists the study session %t, the leadership's meeting %t", code, strings.Contains(body, study.Title), strings.Contains(body, leadership))
	}
	code, body = c.get("/meetings?kind=study")
	if code != http.StatusOK || !strings.Contains(body, study.Title) || strings.Contains(body, leadership) {
		t.Errorf("/meetings?kind=study: %d; lists the study session %t, the leadership's meeting %t", code, strings.Contains(body, study.Title), strings.Contains(body, leadership))
	}
	if _, err := a.Meetings(ctx, apptest.Account(t, a, apptest.Office), "party"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("an unknown kind: %v, want EINVALID", err)
	}
}
