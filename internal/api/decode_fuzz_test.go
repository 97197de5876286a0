package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// bodies are the request bodies the API decodes, each with a valid seed
// and what its handler does with a decoded body before app sees it (the
// conversions and the model's own checks, which need no database).
var bodies = []struct {
	name  string
	seed  string
	after func(body []byte) error
}{
	{"measureCreate", `{"title":"建设校级分析测试中心","theme":"resources","period":"2024-H2","lead_unit":"KJC","cooperating_units":["JWC"],
		"leader":"leader1","start":"2024-07-01","due":"2024-12-31","deadline":"2024年12月底前","priority":2,
		"milestones":[{"title":"论证","due":"2024-09-01"}],"source":{"agenda_item":1,"start":0,"end":6}}`,
		func(b []byte) error {
			var req measureCreate
			if err := decodeBytes(b, &req); err != nil {
				return err
			}
			m := model.Measure{Title: req.Title, Theme: req.Theme, Period: req.Period, LeadUnit: req.LeadUnit,
				CooperatingUnits: req.CooperatingUnits, Start: req.Start, Due: req.Due, Deadline: req.Deadline,
				Priority: req.Priority, Recur: req.Recur, Milestones: milestonesIn(req.Milestones)}
			if m.Period == "" {
				m.Period = model.HalfYearOf(m.Start).Code
			}
			return m.Normalize()
		}},
	{"measurePatch", `{"due":null,"detail":"分三步推进","cooperating_units":null,"milestones":[],"title":"x","priority":1}`,
		func(b []byte) error {
			var req measurePatch
			if err := decodeBytes(b, &req); err != nil {
				return err
			}
			_, err := req.patch()
			return err
		}},
	{"progressRequest", `{"date":"2024-10-14","percent":100,"note":"平台建成并通过验收","risk":false}`,
		func(b []byte) error {
			var req progressRequest
			if err := decodeBytes(b, &req); err != nil {
				return err
			}
			rep := model.ProgressReport{Date: req.Date, Percent: req.Percent, Note: req.Note, Risk: req.Risk}
			return rep.Validate(model.Ymd(2024, 10, 15))
		}},
	{"reviewRequest", `{"review":"returned","comment":"请补充验收材料"}`, decodeInto[reviewRequest]},
	{"meetingRequest", `{"kind":"standing_committee","title":"党委常委会","date":"2024-10-10",
		"agenda":[{"id":1,"kind":"speech","title":"校长讲话","speaker":"王校长","text":"要加强有组织科研。"}]}`,
		func(b []byte) error {
			var req meetingRequest
			if err := decodeBytes(b, &req); err != nil {
				return err
			}
			m := req.meeting(0)
			return m.Validate()
		}},
	{"decomposeRequest", `{"text":"一是要加强有组织科研。二是要深化教学改革。"}`, decodeInto[decomposeRequest]},
	{"commentRequest", `{"text":"请加快进度"}`, decodeInto[commentRequest]},
	{"indicatorCreate", `{"code":"T-1","name":"国家级一流课程","kind":"competitive","measure_unit":"门","owner_unit":"JWC"}`,
		decodeInto[indicatorCreate]},
	{"indicatorPatch", `{"description":"修改","measure_unit":null}`, decodeInto[indicatorPatch]},
	{"valuePut", `{"actual":11000,"target":null,"note":"已统计"}`, decodeInto[valuePut]},
	{"problemCreate", `{"title":"科研用房紧张","owner_unit":"KJC","severity":"high","measures":["2024H2-001"]}`, decodeInto[problemCreate]},
	{"problemPatch", `{"notes":"补充","leader":null,"measures":["2024H2-002"]}`,
		func(b []byte) error {
			var req problemPatch
			if err := decodeBytes(b, &req); err != nil {
				return err
			}
			_, err := req.patch()
			return err
		}},
	{"problemClose", `{"note":"已解决"}`, decodeInto[problemClose]},
	{"allocationCreate", `{"kind":"posts","unit":"RSC","period":"2024-H2","granted":3,"spent":1.5}`, decodeInto[allocationCreate]},
	{"allocationPatch", `{"spent":12.5,"measure":null,"unit":"KJC"}`,
		func(b []byte) error {
			var req allocationPatch
			if err := decodeBytes(b, &req); err != nil {
				return err
			}
			_, err := req.patch()
			return err
		}},
	{"bulletinRequest", `{"from":"2024-09-01","to":"2024-09-30"}`, decodeInto[bulletinRequest]},
	{"reportRequest", `{"achievements":"一是……","situation":"形势","problems":"问题","next_measures":"举措"}`, decodeInto[reportRequest]},
	{"returnRequest", `{"comment":"请补充数据"}`, decodeInto[returnRequest]},
	{"signInRequest", `{"username":"office1","password":"x"}`, decodeInto[signInRequest]},
}

// decodeInto is the whole of what a handler does before app for bodies
// that go to app as they are.
func decodeInto[T any](b []byte) error {
	var req T
	return decodeBytes(b, &req)
}

// FuzzDecode feeds every request body type arbitrary bytes: decoding and
// what follows it must never panic, and every refusal must be the API's
// 422 error as JSON, naming the field it concerns (one the body has) or
// none, for the body as a whole.
func FuzzDecode(f *testing.F) {
	for i, b := range bodies {
		f.Add(uint8(i), []byte(b.seed))
		f.Add(uint8(i), []byte(b.seed[:len(b.seed)/2]))
		f.Add(uint8(i), []byte(strings.Replace(b.seed, `"`, `'`, 3)))
	}
	for _, s := range []string{"", " ", "null", "[]", `{}`, `{"a":1}`, `{"title":null}`, `{"due":"2024-02-30"}`, `{"percent":1e400}`,
		`{"milestones":[{"due":7}]}`, `{"agenda":[{"kind":[]}]}`, "{\"title\":\"\xff\"}", `{"title":"x"} {}`, `{"TITLE":1}`, "\ufeff{}",
		`{"title":"\u0000"}`, `{"title":"\ud800"}`, `{"milestones":[{"title":"\udc00x"}]}`, `{"agenda":[{"text":"\ud83d\ude00\u0000"}]}`} {
		f.Add(uint8(0), []byte(s))
	}
	h := &handler{app: &app.App{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		b := bodies[int(kind)%len(bodies)]
		err := b.after(body)
		if err == nil {
			return
		}
		e := model.ErrorOf(err)
		if e == nil || e.Code != model.EINVALID || e.Message == "" {
			t.Fatalf("%s %q: %v (%T), want an invalid-input error with a message", b.name, body, err, err)
		}
		rec := httptest.NewRecorder()
		h.writeError(rec, httptest.NewRequest("POST", "/api/v1/x", nil), err)
		var out errorBody
		if rec.Code != 422 || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.Error.Code != model.EINVALID ||
			out.Error.Message != i18n.Message(i18n.Default, e) || out.Error.Field != e.Field {
			t.Fatalf("%s %q: answered %d %s", b.name, body, rec.Code, rec.Body.Bytes())
		}
		if derr := decodeInto[map[string]json.RawMessage](body); derr != nil || e.Field == "" {
			return
		}
		// A decoding error names a key the body has (encoding/json matches
		// keys without regard to case); the model's own checks may name a
		// required field the body left out.
		if plain := decodeOnly(b.name, body); plain == nil || model.ErrorOf(plain).Field != e.Field {
			return
		}
		var keys map[string]json.RawMessage
		json.Unmarshal(body, &keys)
		for k := range keys {
			if n := len(k); len(e.Field) >= n && strings.EqualFold(e.Field[:n], k) && (len(e.Field) == n || strings.ContainsRune(".[", rune(e.Field[n]))) {
				return
			}
		}
		t.Fatalf("%s %q: error names %q, which the body does not have (%s)", b.name, body, e.Field, e.Message)
	})
}

// decodeOnly decodes body into the named request type and nothing more.
func decodeOnly(name string, body []byte) error {
	types := map[string]func([]byte) error{
		"measureCreate": decodeInto[measureCreate], "measurePatch": decodeInto[measurePatch], "progressRequest": decodeInto[progressRequest],
		"meetingRequest": decodeInto[meetingRequest], "problemPatch": decodeInto[problemPatch], "allocationPatch": decodeInto[allocationPatch],
	}
	if fn, ok := types[name]; ok {
		return fn(body)
	}
	for _, b := range bodies {
		if b.name == name {
			return b.after(body)
		}
	}
	return nil
}
