package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// apiItems counts the items of an API list, read as account with password
// "demo".
func apiItems(t *testing.T, base, account, path string) int {
	t.Helper()
	res, err := http.Post(base+"/api/v1/sessions", "application/json", strings.NewReader(`{"username":"`+account+`","password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Token string }
	json.NewDecoder(res.Body).Decode(&s)
	res.Body.Close()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return len(list.Items)
}
