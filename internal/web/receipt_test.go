package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// receiptScenarios are the signature and receipt routes for TestRoutes:
// only the addressed unit's accounts sign for a 督办单 and answer it.
func receiptScenarios(t *testing.T, a *app.App) []scenario {
	n := apptest.SupervisionNotice(t, a, apptest.MeasureA, apptest.Today)
	np := fmt.Sprintf("/notices/%d", n.ID)
	unitOnly := func(s int) want {
		return want{def: denied, role: map[string]int{"anon": see, apptest.UnitKJC: s, apptest.UnitRSC: notFound}}
	}
	return []scenario{
		{"POST /notices/{id}/sign", np + "/sign", nil, unitOnly(see)},
		{"POST /notices/{id}/receipt", np + "/receipt", func() url.Values {
			return url.Values{"handling": {"已召开专题会部署，正在推进"}, "expected": {"2024-11-30"}}
		}, unitOnly(see)},
		{"POST /notices/{id}/receipt", np + "/receipt", func() url.Values { return url.Values{"handling": {""}, "expected": {"2024-01-01"}} },
			unitOnly(http.StatusUnprocessableEntity)},
		{"POST /notices/{id}/sign", "/notices/9999/sign", nil, signedInOnly(notFound)},
	}
}

// TestReceipt walks a 督办单 through 签收 and 回执 as a unit liaison does:
// the notice offers kjc1 (its unit) the signature; the office's list
// shows it unsigned until then; a receipt without its handling or with a
// day before the notice comes back beside its fields; the signed notice
// shows who signed and the answer to everyone, and its Word document
// carries the filled-in receipt. Signing twice changes nothing.
func TestReceipt(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	n := apptest.SupervisionNotice(t, a, apptest.MeasureA, apptest.Today)
	path := fmt.Sprintf("/notices/%d", n.ID)

	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	_, list := office.get("/notices?tab=all&unsigned=1")
	if !strings.Contains(list, fmt.Sprintf(`data-notice="%d"`, n.ID)) || !strings.Contains(list, "未签收") {
		t.Fatalf("the office's unsigned list lacks the 督办单")
	}
	if _, page := office.get(path); strings.Contains(page, `id="sign-notice"`) || strings.Contains(page, `id="receipt-form"`) {
		t.Errorf("the office is offered to sign for the unit")
	}

	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	_, page := kjc.get(path)
	if !strings.Contains(page, `id="sign-notice"`) || !strings.Contains(page, `id="receipt-form"`) {
		t.Fatalf("the unit is not offered the signature and the receipt")
	}
	code, page, _ := kjc.post(path+"/receipt", url.Values{"handling": {" "}, "expected": {"2024-10-01"}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="r-handling"[^>]*aria-invalid="true"`).MatchString(page) ||
		!regexp.MustCompile(`id="r-expected"[^>]*aria-invalid="true"`).MatchString(page) {
		t.Fatalf("a bad receipt: %d, want both fields flagged", code)
	}
	if got, _ := a.Notice(ctx, app.System, n.ID); got.Signed != nil || got.Receipt != nil {
		t.Fatalf("a refused receipt signed or answered the notice")
	}
	if code, _, _ := kjc.post(path+"/sign", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("sign: %d", code)
	}
	signed, _ := a.Notice(ctx, app.System, n.ID)
	if signed.Signed == nil || signed.Signed.By != apptest.UnitKJC {
		t.Fatalf("signature: %+v", signed.Signed)
	}
	audits := apptest.AuditCount(t, a)
	if again, err := a.SignNotice(ctx, apptest.Account(t, a, apptest.UnitKJC), n.ID); err != nil || !again.Signed.At.Equal(signed.Signed.At) ||
		apptest.AuditCount(t, a) != audits {
		t.Errorf("signing again: %v, %+v, audit %d → %d", err, again.Signed, audits, apptest.AuditCount(t, a))
	}
	if code, _, _ := kjc.post(path+"/receipt", url.Values{"handling": {"已召开专题会部署，10月底前完成方案论证"}, "expected": {"2024-11-30"}}); code != http.StatusSeeOther {
		t.Fatalf("receipt: %d", code)
	}
	_, page = office.get(path)
	for _, want := range []string{"已召开专题会部署，10月底前完成方案论证", "签收", "2024年11月30日"} {
		if !strings.Contains(page, want) {
			t.Errorf("the office's page lacks %q", want)
		}
	}
	if _, list = office.get("/notices?tab=all&unsigned=1"); strings.Contains(list, fmt.Sprintf(`data-notice="%d"`, n.ID)) {
		t.Errorf("a signed 督办单 is still listed unsigned")
	}
	code, b, _ := office.download(path + "/notice.docx")
	doc := strings.Join(officeText(t, b), "")
	if code != http.StatusOK || !strings.Contains(doc, "回　执") || !strings.Contains(doc, "已召开专题会部署，10月底前完成方案论证") ||
		!strings.Contains(doc, "2024年11月30日") {
		t.Errorf("the document's receipt: %d %q", code, doc)
	}
	if _, err := a.SignNotice(ctx, apptest.Account(t, a, apptest.UnitRSC), n.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("another unit signs: %v", err)
	}
}
