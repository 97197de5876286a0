package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type webhookListData struct {
	Webhooks []model.Webhook
	// Tested is the webhook a test message just went to, with the result.
	Tested     int64
	TestOK     bool
	TestResult string
	Saved      string // "saved" or "deleted" after a redirect
}

// webhookID reads {id}; a malformed id is a webhook that does not exist.
func webhookID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "no webhook %q", r.PathValue("id"))
	}
	return id, nil
}

// webhookList lists the chat groups' robots the day's notices go to (admin).
func (h *handler) webhookList(w http.ResponseWriter, r *http.Request) {
	h.showWebhookList(w, r, http.StatusOK, &webhookListData{Saved: r.URL.Query().Get("done")})
}

func (h *handler) showWebhookList(w http.ResponseWriter, r *http.Request, status int, d *webhookListData) {
	var err error
	if d.Webhooks, err = h.a.Webhooks(r.Context(), signedInOf(r).Account); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Saved != "saved" && d.Saved != "deleted" {
		d.Saved = ""
	}
	h.render(w, r, status, "webhook_list", h.newPage(r, "webhooks", "webhooks.title", d))
}

// webhookForm is the webhook form as typed, kept on a 422. The secret is
// never shown back: on an edit a blank secret keeps the stored one.
type webhookForm struct {
	ID          int64
	Name, Kind  string
	URL         string
	Units       map[string]bool
	Enabled     bool
	HasSecret   bool
	Kinds       []string
	UnitChoices []model.Unit
	Errs        map[string]string
}

// Err is the message for a field ("" when none).
func (f *webhookForm) Err(field string) string { return f.Errs[field] }

func (h *handler) showWebhookForm(w http.ResponseWriter, r *http.Request, status int, f *webhookForm) {
	var err error
	if f.UnitChoices, err = h.a.Units(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	f.Kinds = model.WebhookKinds
	key := "webhooks.new"
	if f.ID != 0 {
		key = "webhooks.edit"
	}
	h.render(w, r, status, "webhook_form", h.newPage(r, "webhooks", key, f))
}

// webhookNew shows an empty webhook form (admin).
func (h *handler) webhookNew(w http.ResponseWriter, r *http.Request) {
	if !app.IsAdmin(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin configures webhooks"))
		return
	}
	h.showWebhookForm(w, r, http.StatusOK, &webhookForm{Kind: "wecom", Enabled: true, Units: map[string]bool{}})
}

// webhookEdit shows a webhook in its form (admin).
func (h *handler) webhookEdit(w http.ResponseWriter, r *http.Request) {
	id, err := webhookID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	wh, err := h.a.Webhook(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := &webhookForm{ID: wh.ID, Name: wh.Name, Kind: wh.Kind, URL: wh.URL, Enabled: wh.Enabled, HasSecret: wh.Secret != "", Units: map[string]bool{}}
	for _, u := range wh.Units {
		f.Units[u] = true
	}
	h.showWebhookForm(w, r, http.StatusOK, f)
}

// webhookSave creates or changes a webhook (admin); bad input comes back
// to the form (422) with nothing saved.
func (h *handler) webhookSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	if !app.IsAdmin(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin configures webhooks"))
		return
	}
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = webhookID(r); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	pf := r.PostForm
	wh := model.Webhook{ID: id, Name: strings.TrimSpace(pf.Get("name")), Kind: strings.TrimSpace(pf.Get("kind")),
		URL: strings.TrimSpace(pf.Get("url")), Secret: strings.TrimSpace(pf.Get("secret")), Enabled: pf.Get("enabled") != "", Units: []string{}}
	f := &webhookForm{ID: id, Name: wh.Name, Kind: wh.Kind, URL: wh.URL, Enabled: wh.Enabled, Units: map[string]bool{}}
	for _, u := range pf["units"] {
		if u = strings.TrimSpace(u); u != "" && !f.Units[u] {
			f.Units[u] = true
			wh.Units = append(wh.Units, u)
		}
	}
	if id != 0 {
		before, err := h.a.Webhook(ctx, acct, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		f.HasSecret = before.Secret != ""
	}
	if err := h.a.SaveWebhook(ctx, acct, &wh); err != nil {
		if field, msg := fieldError(r, err); field != "" {
			f.Errs = formErrs(field, msg, "name", "kind", "url", "secret", "units")
			h.showWebhookForm(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/webhooks?done=saved")
}

// webhookDelete removes a webhook (admin).
func (h *handler) webhookDelete(w http.ResponseWriter, r *http.Request) {
	id, err := webhookID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.a.DeleteWebhook(r.Context(), signedInOf(r).Account, id); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/webhooks?done=deleted")
}

// webhookTest sends a test message now and shows the list again with what
// the receiver answered beside the webhook: 200 when it took the message,
// 422 when it did not.
func (h *handler) webhookTest(w http.ResponseWriter, r *http.Request) {
	id, err := webhookID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = h.a.TestWebhook(r.Context(), signedInOf(r).Account, id, app.Senders{})
	d := &webhookListData{Tested: id, TestOK: err == nil}
	status := http.StatusOK
	if err != nil {
		_, msg := fieldError(r, err)
		if msg == "" {
			h.fail(w, r, err)
			return
		}
		d.TestResult, status = msg, http.StatusUnprocessableEntity
	}
	h.showWebhookList(w, r, status, d)
}
