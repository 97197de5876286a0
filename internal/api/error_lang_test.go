package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestErrorMessageLanguage: an error's message is in the signed-in
// account's language; without a session, in the one Accept-Language
// prefers, else Chinese. Its code and field never change.
func TestErrorMessageLanguage(t *testing.T) {
	e := newEnv(t)
	get := func(path, token, accept string) errorJSON {
		t.Helper()
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Accept-Language", accept)
		res, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var out errorBody
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v: %s", path, err, b)
		}
		return out.Error
	}
	const bad = "/api/v1/measures?limit=-1"
	zh := errorJSON{Code: model.EINVALID, Field: "limit", Message: "应在 1 到 1000 之间（现为 -1）"}
	en := errorJSON{Code: model.EINVALID, Field: "limit", Message: "must be between 1 and 1000 (got -1)"}
	office := e.tokens["office"]
	for _, lang := range []string{"zh-CN", "en"} {
		if err := e.a.SetLanguage(t.Context(), apptest.Account(t, e.a, apptest.Office), lang); err != nil {
			t.Fatal(err)
		}
		want := map[string]errorJSON{"zh-CN": zh, "en": en}[lang]
		for _, accept := range []string{"", "en", "zh-CN", "fr"} {
			if got := get(bad, office, accept); got != want {
				t.Errorf("a %s account, Accept-Language %q: %+v, want %+v", lang, accept, got, want)
			}
		}
	}
	for accept, want := range map[string]string{
		"":                          "请先登录",
		"en-US":                     "sign in first",
		"fr, en-GB;q=0.8, zh;q=0.5": "sign in first",
		"zh-Hans-CN, en;q=0.9":      "请先登录",
		"fr":                        "请先登录",
	} {
		if got := get("/api/v1/measures", "", accept); got.Code != model.EUNAUTHORIZED || got.Field != "" || !strings.HasPrefix(got.Message, want) {
			t.Errorf("no session, Accept-Language %q: %+v, want %q…", accept, got, want)
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	for h, want := range map[string]string{
		"":                       "",
		"fr":                     "",
		"en":                     "en",
		"EN-us":                  "en",
		"zh":                     "zh-CN",
		"zh-TW;q=0.2, en;q=0.1":  "zh-CN",
		"en;q=0.3, zh-CN;q=0.7":  "zh-CN",
		"de, en;q=0.9, zh;q=0.8": "en",
		"en;q=bad, zh;q=0.5":     "en",
		"*":                      "",
	} {
		got, ok := acceptLanguage(h)
		if got != want || ok != (want != "") {
			t.Errorf("acceptLanguage(%q) = %q, %v, want %q", h, got, ok, want)
		}
	}
}
