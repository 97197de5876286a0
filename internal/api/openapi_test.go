package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestOpenAPI: every route of the table is described, nothing else is, and
// the served document lists each route's method, path parameters and the
// bearer scheme (none for the public routes).
func TestOpenAPI(t *testing.T) {
	for _, rt := range routes() {
		if docs[rt.Pattern].summary == "" {
			t.Errorf("route %q has no description in docs (openapi.go)", rt.Pattern)
		}
	}
	known := map[string]bool{}
	for _, rt := range routes() {
		known[rt.Pattern] = true
	}
	for p := range docs {
		if !known[p] {
			t.Errorf("docs describes %q, which is not a route", p)
		}
	}

	srv := httptest.NewServer(New(apptest.New(t)))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Summary    string `json:"summary"`
			Parameters []struct {
				Name, In string
			} `json:"parameters"`
			Security *[]any `json:"security"`
		} `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != 200 || doc.OpenAPI != "3.0.3" {
		t.Fatalf("GET openapi.json: %d, %v, %q", res.StatusCode, err, doc.OpenAPI)
	}
	n := 0
	for _, rt := range routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.ReplaceAll(path, "...}", "}")
		op, ok := doc.Paths[path][strings.ToLower(method)]
		if !ok {
			t.Errorf("%s is not in the served document", rt.Pattern)
			continue
		}
		n++
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") {
				found := false
				for _, p := range op.Parameters {
					found = found || (p.In == "path" && "{"+p.Name+"}" == seg)
				}
				if !found {
					t.Errorf("%s: path parameter %s not described", rt.Pattern, seg)
				}
			}
		}
		if rt.Public != (op.Security != nil && len(*op.Security) == 0) {
			t.Errorf("%s: public %v, but the document's security says otherwise", rt.Pattern, rt.Public)
		}
	}
	t.Logf("%d operations described", n)
}
