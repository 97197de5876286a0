package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestSignInSameAnswer: POST /api/v1/sessions answers an unknown user, a
// wrong password and a locked account with the same 401 body; the admin's
// account list shows the lock, the office's does not; too many failures from
// one address get 429 with Retry-After.
func TestSignInSameAnswer(t *testing.T) {
	e := newEnv(t)
	try := func(user, password string) (int, http.Header, string) {
		status, h, b := e.doFull("POST", "/api/v1/sessions", "", fmt.Sprintf(`{"username":%q,"password":%q}`, user, password))
		return status, h, string(b)
	}
	for range app.UserMaxFailures {
		try(apptest.UnitJWC, "wrong-password")
	}
	var first string
	for _, c := range [][2]string{{"nobody", "wrong-password"}, {apptest.UnitKJC, "wrong-password"}, {apptest.UnitJWC, apptest.Password}} {
		status, _, body := try(c[0], c[1])
		if first == "" {
			first = body
		}
		if status != http.StatusUnauthorized || body != first || !strings.Contains(body, "暂时被锁定") {
			t.Errorf("sign in %s: %d %s, want 401 %s", c[0], status, body, first)
		}
	}

	_, b := e.do("GET", "/api/v1/accounts", e.tokens["admin"], "")
	if !strings.Contains(string(b), `"username":"jwc1","role":"unit","unit":"JWC","name":"教务处联络员","email":"","disabled":false,"locked_until":"2024-10-15T09:15:00+08:00"`) {
		t.Errorf("admin's account list without the lock:\n%s", b)
	}
	if _, b := e.do("GET", "/api/v1/accounts", e.tokens["office"], ""); strings.Contains(string(b), "locked_until") {
		t.Errorf("office's account list shows locks:\n%s", b)
	}

	for i := 0; ; i++ {
		status, h, body := try(fmt.Sprint("guess", i), "wrong-password")
		if status == http.StatusUnauthorized && i < app.ClientMaxFailures {
			continue
		}
		if status != http.StatusTooManyRequests || h.Get("Retry-After") != "600" || !strings.Contains(body, `"code":"too_many_requests"`) {
			t.Errorf("over the limit: %d, Retry-After %q, %s", status, h.Get("Retry-After"), body)
		}
		break
	}
}
