package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestListLimits holds every list to one limit policy: 0 is the default,
// the maximum is served, and one more or a negative limit is 422 naming
// limit — never quietly replaced.
func TestListLimits(t *testing.T) {
	e := newEnv(t)
	lists := []struct {
		path, role string
		max        int
	}{
		{"/api/v1/measures?", "office", app.MaxMeasureLimit},
		{"/api/v1/measures/" + apptest.MeasureA + "/progress?", "office", app.MaxProgressLimit},
		{"/api/v1/search?q=" + url.QueryEscape("科研") + "&", "office", app.MaxSearchLimit},
		{"/api/v1/notices?", "office", app.MaxNoticeLimit},
		{"/api/v1/deliveries?", "admin", app.MaxDeliveryLimit},
	}
	for _, l := range lists {
		for _, c := range []struct {
			limit int
			ok    bool
		}{{0, true}, {l.max, true}, {l.max + 1, false}, {-1, false}} {
			path := l.path + "limit=" + strconv.Itoa(c.limit)
			status, b := e.do("GET", path, e.tokens[l.role], "")
			if c.ok {
				if status != http.StatusOK {
					t.Errorf("%s: %d %s, want 200", path, status, b)
				}
				continue
			}
			ej := apiError(t, b)
			if status != http.StatusUnprocessableEntity || ej.Code != model.EINVALID || ej.Field != "limit" {
				t.Errorf("%s: %d %s, want 422 naming limit", path, status, b)
			}
			if want := fmt.Sprintf("应在 1 到 %d 之间（现为 %d）", l.max, c.limit); !strings.Contains(ej.Message, want) {
				t.Errorf("%s: message %q does not say %q", path, ej.Message, want)
			}
		}
	}
}

// TestProgressPages walks 250 reports a page at a time: newest first, none
// twice, none missed.
func TestProgressPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	m, err := apptest.Store(e.a).Measure(ctx, apptest.MeasureA, model.Today{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 250
	err = apptest.Store(e.a).Write(ctx, func(tx *store.Tx) error {
		for i := range n {
			r := model.ProgressReport{Date: model.Ymd(2024, 9, 1), Percent: i % 100, Note: fmt.Sprintf("进展 %d", i), Author: apptest.UnitKJC, Review: "pending"}
			if err := tx.InsertProgress(ctx, m.ID, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var all []int64
	seen := map[int64]bool{}
	cursor, pages := "", 0
	for {
		path := "/api/v1/measures/" + apptest.MeasureA + "/progress?limit=60"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		status, b := e.do("GET", path, e.tokens["office"], "")
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, status, b)
		}
		var p progressPage
		mustUnmarshal(t, b, &p)
		pages++
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Errorf("report %d on two pages", it.ID)
			}
			seen[it.ID] = true
			if len(all) > 0 && it.ID >= all[len(all)-1] {
				t.Errorf("report %d after %d: not newest first", it.ID, all[len(all)-1])
			}
			all = append(all, it.ID)
		}
		if p.NextCursor == "" {
			break
		}
		if len(p.Items) != 60 {
			t.Errorf("page %d holds %d reports before the end", pages, len(p.Items))
		}
		cursor = p.NextCursor
	}
	stored, err := apptest.Store(e.a).ProgressReports(ctx, m.ID, m.Code)
	if err != nil || len(stored) < n {
		t.Fatalf("stored reports: %d, %v", len(stored), err)
	}
	want := len(stored)
	if len(all) != want || pages != (want+59)/60 {
		t.Errorf("walked %d reports in %d pages, want %d", len(all), pages, want)
	}
	status, b := e.do("GET", "/api/v1/measures/"+apptest.MeasureA+"/progress?cursor=x", e.tokens["office"], "")
	if ej := apiError(t, b); status != http.StatusUnprocessableEntity || ej.Field != "cursor" {
		t.Errorf("cursor=x: %d %s", status, b)
	}
}
