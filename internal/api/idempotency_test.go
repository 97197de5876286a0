package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestIdempotencyKey replays creates, reports and changes with the same
// key: the first answer comes back, nothing is written twice, another body
// under the key is refused, and a burst of the same request at once makes
// one record.
func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t)
	office, own := e.tokens["office"], e.tokens["own"]
	measure := `{"title":"建设智慧校园统一身份平台","theme":"governance","period":"2024-H2","lead_unit":"KJC","deadline":"2024年12月底前"}`
	cases := []struct {
		name, method, path, token, body, other string
		want                                   int
	}{
		{"create a measure", "POST", "/api/v1/measures", office, measure, strings.Replace(measure, "智慧校园", "数字校园", 1), http.StatusCreated},
		{"report progress", "POST", "/api/v1/measures/" + apptest.MeasureA + "/progress", own,
			`{"percent":40,"note":"平台方案已论证"}`, `{"percent":45,"note":"平台方案已论证"}`, http.StatusCreated},
		{"comment", "POST", "/api/v1/measures/" + apptest.MeasureA + "/comments", office, `{"text":"请按期完成"}`, `{"text":"请提前完成"}`, http.StatusCreated},
		{"change a measure", "PATCH", "/api/v1/measures/" + apptest.MeasureC, office, `{"detail":"分三批引进"}`, `{"detail":"分两批引进"}`, http.StatusOK},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			key := fmt.Sprintf("test-key-%d", i)
			before := apptest.AuditCount(t, e.a)
			status, _, first := e.doKeyed(c.method, c.path, c.token, key, c.body)
			if status != c.want {
				t.Fatalf("first: %d %s", status, first)
			}
			if got := apptest.AuditCount(t, e.a); got != before+1 {
				t.Fatalf("first: %d audit events written, want 1", got-before)
			}
			status, h, again := e.doKeyed(c.method, c.path, c.token, key, c.body)
			if status != c.want || !bytes.Equal(again, first) || h.Get("Idempotent-Replayed") != "true" {
				t.Errorf("repeat: %d %q, replayed %q; want %d and the first answer %s", status, again, h.Get("Idempotent-Replayed"), c.want, first)
			}
			status, _, b := e.doKeyed(c.method, c.path, c.token, key, c.other)
			if status != http.StatusUnprocessableEntity || apiError(t, b).Field != idempotencyHeader {
				t.Errorf("another body under the key: %d %s", status, b)
			}
			if got := apptest.AuditCount(t, e.a); got != before+1 {
				t.Errorf("after the repeats: %d audit events written, want 1", got-before)
			}
		})
	}

	t.Run("a burst at once", func(t *testing.T) {
		before := apptest.AuditCount(t, e.a)
		body := strings.Replace(measure, "智慧校园", "校园一卡通", 1)
		var wg sync.WaitGroup
		answers := make([][]byte, 6)
		statuses := make([]int, 6)
		for i := range answers {
			wg.Go(func() { statuses[i], _, answers[i] = e.doKeyed("POST", "/api/v1/measures", office, "burst-key", body) })
		}
		wg.Wait()
		for i := range answers {
			if statuses[i] != http.StatusCreated || !bytes.Equal(answers[i], answers[0]) {
				t.Errorf("request %d: %d %s, want 201 and %s", i, statuses[i], answers[i], answers[0])
			}
		}
		if got := apptest.AuditCount(t, e.a); got != before+1 {
			t.Errorf("%d audit events written, want 1", got-before)
		}
	})

	t.Run("keys are per account", func(t *testing.T) {
		status, _, _ := e.doKeyed("POST", "/api/v1/measures/"+apptest.MeasureB+"/progress", e.tokens["office"], "shared-key", `{"percent":10,"note":"办公室代报"}`)
		status2, h, _ := e.doKeyed("POST", "/api/v1/measures/"+apptest.MeasureA+"/progress", own, "shared-key", `{"percent":50,"note":"科技处报"}`)
		if status != http.StatusCreated || status2 != http.StatusCreated || h.Get("Idempotent-Replayed") != "" {
			t.Errorf("one key, two accounts: %d and %d (replayed %q)", status, status2, h.Get("Idempotent-Replayed"))
		}
	})

	t.Run("bad keys", func(t *testing.T) {
		for _, key := range []string{"has space", strings.Repeat("k", 256), "键"} {
			status, _, b := e.doKeyed("POST", "/api/v1/measures", office, key, measure)
			if status != http.StatusUnprocessableEntity || apiError(t, b).Field != idempotencyHeader {
				t.Errorf("key %q: %d %s", key, status, b)
			}
		}
	})
}
