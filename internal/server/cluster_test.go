package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/server"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestTwoServersOneDatabase starts two luoshi servers, each with its own
// store and app (as two processes would have), on one PostgreSQL schema. A
// sign-in on one is valid on the other; concurrent progress reports on one
// measure sent through both are all kept; and a change made through one is
// on the other's board at once (its cache is keyed by the database).
func TestTwoServersOneDatabase(t *testing.T) {
	pg := os.Getenv(apptest.PostgresEnv)
	if pg == "" {
		t.Skip("skipping: two servers share PostgreSQL; set " + apptest.PostgresEnv + " (a postgres:// URL); .ci/run does")
	}
	ctx := context.Background()
	s1, drop, err := store.OpenScratch(ctx, pg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	a1 := apptest.NewOn(t, s1)
	a2 := apptest.Beside(t, a1)
	srv1, srv2 := httptest.NewServer(server.New(a1)), httptest.NewServer(server.New(a2))
	t.Cleanup(srv1.Close)
	t.Cleanup(srv2.Close)

	call := func(base, method, path, token, body string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0, nil
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	status, b := call(srv1.URL, "POST", "/api/v1/sessions", "", fmt.Sprintf(`{"username":%q,"password":%q}`, apptest.UnitKJC, apptest.Password))
	var tok struct{ Token string }
	if status != 201 || json.Unmarshal(b, &tok) != nil {
		t.Fatalf("sign in on server 1: %d %s", status, b)
	}
	if status, b := call(srv2.URL, "GET", "/api/v1/measures/"+apptest.MeasureA, tok.Token, ""); status != 200 {
		t.Fatalf("server 2 does not know server 1's session: %d %s", status, b)
	}

	boardDone := func(base string) int {
		_, b := call(base, "GET", "/api/v1/board", tok.Token, "")
		var board struct {
			Totals struct {
				ByStatus map[string]int `json:"by_status"`
			} `json:"totals"`
		}
		json.Unmarshal(b, &board)
		return board.Totals.ByStatus["done"]
	}
	doneBefore := boardDone(srv2.URL)

	const n = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			base := srv1.URL
			if i%2 == 1 {
				base = srv2.URL
			}
			body := fmt.Sprintf(`{"percent":%d,"note":"并发报告 %d"}`, 10+i, i)
			if status, b := call(base, "POST", "/api/v1/measures/"+apptest.MeasureA+"/progress", tok.Token, body); status != 201 {
				t.Errorf("report %d: %d %s", i, status, b)
				return
			}
			mu.Lock()
			created++
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	for _, base := range []string{srv1.URL, srv2.URL} {
		_, b := call(base, "GET", "/api/v1/measures/"+apptest.MeasureA+"/progress", tok.Token, "")
		var list struct{ Items []struct{ Note string } }
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, it := range list.Items {
			seen[it.Note] = true
		}
		for i := 0; i < n; i++ {
			if !seen[fmt.Sprintf("并发报告 %d", i)] {
				t.Errorf("%s: report %d lost", base, i)
			}
		}
		if created != n || len(list.Items) != n {
			t.Errorf("%s: %d created, %d listed, want %d", base, created, len(list.Items), n)
		}
	}

	// A measure finished through server 1 is done on server 2's board.
	if status, b := call(srv1.URL, "POST", "/api/v1/measures/"+apptest.MeasureA+"/progress", tok.Token, `{"percent":100,"note":"完成"}`); status != 201 {
		t.Fatalf("final report: %d %s", status, b)
	}
	deadline := time.Now().Add(2 * time.Second)
	for boardDone(srv2.URL) != doneBefore+1 {
		if time.Now().After(deadline) {
			t.Fatalf("server 2's board still shows %d done, want %d", boardDone(srv2.URL), doneBefore+1)
		}
	}
}
