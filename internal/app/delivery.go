package app

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/channel"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// MailSettings are the mail server and the address luoshi is reached at
// (for links in what it sends), as the admin set them. The password is
// never shown back: an empty one on save keeps the stored one.
type MailSettings struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"`
	Username string `json:"username"`
	Password string `json:"password,omitempty"`
	From     string `json:"from"`
	// SiteURL is luoshi's public address, e.g. https://duban.example.edu.cn.
	SiteURL string `json:"site_url"`
}

// Senders are how deliveries reach the outside; tests point them at their
// own servers.
type Senders struct {
	// MailRootCAs are the certificates the mail server's is checked
	// against (nil: the system's).
	MailRootCAs *x509.CertPool
	// HTTPClient posts webhooks (nil: a client with a 15 s timeout).
	HTTPClient *http.Client
}

func (a *App) mailSettings(ctx context.Context) (MailSettings, error) {
	var m MailSettings
	v, err := a.store.Setting(ctx, settingMail, "")
	if err != nil || v == "" {
		return m, err
	}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return m, fmt.Errorf("app: setting %s: %w", settingMail, err)
	}
	return m, nil
}

// MailSettings returns the mail settings without the password (admin).
func (a *App) MailSettings(ctx context.Context, actor model.Account) (MailSettings, error) {
	if !IsAdmin(actor) {
		return MailSettings{}, forbidden("see the mail settings")
	}
	m, err := a.mailSettings(ctx)
	m.Password = ""
	return m, err
}

// SetMailSettings changes the mail settings (admin). An empty host turns
// mail off.
func (a *App) SetMailSettings(ctx context.Context, actor model.Account, m MailSettings) error {
	if !IsAdmin(actor) {
		return forbidden("change the mail settings")
	}
	m.Host, m.From, m.Username = strings.TrimSpace(m.Host), strings.TrimSpace(m.From), strings.TrimSpace(m.Username)
	m.SiteURL = strings.TrimRight(strings.TrimSpace(m.SiteURL), "/")
	if m.SiteURL != "" && !strings.HasPrefix(m.SiteURL, "http://") && !strings.HasPrefix(m.SiteURL, "https://") {
		return model.Invalid("site_url", "must start with http:// or https://")
	}
	before, err := a.mailSettings(ctx)
	if err != nil {
		return err
	}
	if m.Password == "" && m.Username == before.Username {
		m.Password = before.Password
	}
	if m.Host != "" {
		if err := fieldError(a.mailer(m, Senders{}).Validate()); err != nil {
			return err
		}
	}
	return a.change(ctx, actor, "update", "setting", func(tx *store.Tx, ev *Event) error {
		b, af := before, m
		b.Password, af.Password = "", ""
		ev.ID, ev.Before, ev.After = settingMail, b, af
		return tx.SetSetting(ctx, settingMail, marshal(m))
	})
}

func (a *App) mailer(m MailSettings, s Senders) channel.Mail {
	return channel.Mail{Host: m.Host, Port: m.Port, Security: m.Security, Username: m.Username, Password: m.Password,
		From: m.From, RootCAs: s.MailRootCAs}
}

func webhookSender(w model.Webhook, s Senders) channel.Webhook {
	return channel.Webhook{Kind: w.Kind, URL: w.URL, Secret: w.Secret, Client: s.HTTPClient}
}

// fieldError turns a channel's *FieldError into the application's invalid
// error naming the field.
func fieldError(err error) error {
	var fe *channel.FieldError
	if errors.As(err, &fe) {
		return model.Invalid(fe.Field, "%s", fe.Reason)
	}
	return err
}

// Webhooks lists the webhooks (admin).
func (a *App) Webhooks(ctx context.Context, actor model.Account) ([]model.Webhook, error) {
	if !IsAdmin(actor) {
		return nil, forbidden("see webhooks")
	}
	return a.store.Webhooks(ctx)
}

// Webhook returns one webhook (admin).
func (a *App) Webhook(ctx context.Context, actor model.Account, id int64) (model.Webhook, error) {
	if !IsAdmin(actor) {
		return model.Webhook{}, forbidden("see webhooks")
	}
	return a.store.Webhook(ctx, id)
}

// SaveWebhook creates (ID 0) or changes a webhook (admin). An empty secret
// on a change keeps the stored one.
func (a *App) SaveWebhook(ctx context.Context, actor model.Account, w *model.Webhook) error {
	if !IsAdmin(actor) {
		return forbidden("change webhooks")
	}
	w.Name, w.URL = strings.TrimSpace(w.Name), strings.TrimSpace(w.URL)
	if w.Name == "" || len([]rune(w.Name)) > 100 {
		return model.Invalid("name", "is required (at most 100 characters)")
	}
	if err := fieldError(webhookSender(*w, Senders{}).Validate()); err != nil {
		return err
	}
	known, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	codes := map[string]bool{}
	for _, u := range known {
		codes[u.Code] = true
	}
	for _, u := range w.Units {
		if !codes[u] {
			return model.Invalid("units", "no unit %q", u)
		}
	}
	action := "create"
	return a.change(ctx, actor, action, "webhook", func(tx *store.Tx, ev *Event) error {
		if w.ID != 0 {
			before, err := tx.Webhook(ctx, w.ID)
			if err != nil {
				return err
			}
			if w.Secret == "" {
				w.Secret = before.Secret
			}
			ev.Before = before
		}
		if err := tx.SaveWebhook(ctx, w); err != nil {
			return err
		}
		ev.ID, ev.After = strconv.FormatInt(w.ID, 10), w
		return nil
	})
}

// DeleteWebhook removes a webhook (admin).
func (a *App) DeleteWebhook(ctx context.Context, actor model.Account, id int64) error {
	if !IsAdmin(actor) {
		return forbidden("change webhooks")
	}
	return a.change(ctx, actor, "delete", "webhook", func(tx *store.Tx, ev *Event) error {
		before, err := tx.Webhook(ctx, id)
		if err != nil {
			return err
		}
		ev.ID, ev.Before = strconv.FormatInt(id, 10), before
		return tx.DeleteWebhook(ctx, id)
	})
}

// TestWebhook sends a test message to a webhook now and returns the error
// the receiver gave (admin).
func (a *App) TestWebhook(ctx context.Context, actor model.Account, id int64, s Senders) error {
	w, err := a.Webhook(ctx, actor, id)
	if err != nil {
		return err
	}
	lang := actor.Lang
	msg := channel.Message{Subject: i18n.T(lang, "notice.test.subject"), Text: i18n.T(lang, "notice.test.text")}
	if err := webhookSender(w, s).Send(ctx, msg, a.Now()); err != nil {
		return model.Errorf(model.EINVALID, "the webhook answered: %v", err)
	}
	return nil
}

// A page of deliveries holds DefaultDeliveryLimit of them unless the caller
// asks for another number, at most MaxDeliveryLimit.
const (
	DefaultDeliveryLimit = store.DefaultDeliveryLimit
	MaxDeliveryLimit     = store.MaxDeliveryLimit
)

// Deliveries lists deliveries of one state or all, newest first (admin).
func (a *App) Deliveries(ctx context.Context, actor model.Account, state string, before int64, limit int) ([]model.Delivery, error) {
	if !IsAdmin(actor) {
		return nil, forbidden("see deliveries")
	}
	if state != "" && state != model.DeliveryPending && state != model.DeliverySent && state != model.DeliveryFailed {
		return nil, model.Invalid("state", "must be pending, sent or failed")
	}
	return a.store.Deliveries(ctx, state, before, limit)
}

// DeliveryCounts counts deliveries by state (admin).
func (a *App) DeliveryCounts(ctx context.Context, actor model.Account) (map[string]int, error) {
	if !IsAdmin(actor) {
		return nil, forbidden("see deliveries")
	}
	return a.store.DeliveryCounts(ctx)
}

// RetryDelivery sends a failed delivery again from its first attempt (admin).
func (a *App) RetryDelivery(ctx context.Context, actor model.Account, id int64) error {
	if !IsAdmin(actor) {
		return forbidden("retry deliveries")
	}
	return a.change(ctx, actor, "retry", "delivery", func(tx *store.Tx, ev *Event) error {
		d, err := tx.RetryDelivery(ctx, id, a.Now())
		ev.ID, ev.After = strconv.FormatInt(id, 10), map[string]any{"key": d.Key, "state": d.State}
		return err
	})
}

// SendDue sends up to limit deliveries that are due, leased by owner, and
// records each outcome: sent, or retried later with model.Backoff, or
// failed for good after model.MaxDeliveryAttempts. It returns how many it
// sent. Several servers may call it at once: each delivery is leased by
// one of them.
func (a *App) SendDue(ctx context.Context, owner string, s Senders, limit int) (int, error) {
	now := a.Now()
	if due, err := a.store.DeliveriesDue(ctx, now); err != nil || !due {
		return 0, err
	}
	var claimed []model.Delivery
	err := a.write(ctx, func(tx *store.Tx) error {
		var err error
		claimed, err = tx.ClaimDeliveries(ctx, owner, now, 5*time.Minute, limit)
		return err
	})
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	mail, err := a.mailSettings(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range claimed {
		serr := a.deliver(ctx, d, mail, s)
		errText, next := "", time.Time{}
		if serr != nil {
			errText = serr.Error()
			if len(errText) > 1000 {
				errText = errText[:1000]
			}
			if d.Attempts+1 < model.MaxDeliveryAttempts {
				next = a.Now().Add(model.Backoff(d.Attempts + 1))
			}
			a.Log.Warn("delivery failed", "delivery", d.Key, "attempt", d.Attempts+1, "err", serr)
		} else {
			sent++
		}
		if err := a.write(ctx, func(tx *store.Tx) error {
			_, err := tx.FinishDelivery(ctx, d.ID, owner, errText, next)
			return err
		}); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// deliver sends one delivery.
func (a *App) deliver(ctx context.Context, d model.Delivery, mail MailSettings, s Senders) error {
	notices, err := a.store.NoticesByID(ctx, d.Notices)
	if err != nil {
		return err
	}
	switch d.Channel {
	case model.ChannelMail:
		if mail.Host == "" {
			return errors.New("mail is not configured")
		}
		acct, err := a.store.Account(ctx, d.Target)
		if err != nil {
			return err
		}
		if acct.Email == "" {
			return fmt.Errorf("account %s has no e-mail address", acct.Username)
		}
		msg := DigestMessage(acct.Lang, acct.Name, d.Day, notices, mail.SiteURL)
		return a.mailer(mail, s).Send(ctx, []string{acct.Email}, msg, a.Now())
	case model.ChannelWebhook:
		id, _ := strconv.ParseInt(d.Target, 10, 64)
		w, err := a.store.Webhook(ctx, id)
		if err != nil {
			return fmt.Errorf("webhook %s was removed", d.Target)
		}
		if !w.Enabled {
			return fmt.Errorf("webhook %s is turned off", w.Name)
		}
		msg := DigestMessage(i18n.Default, "", d.Day, notices, mail.SiteURL)
		return webhookSender(w, s).Send(ctx, msg, a.Now())
	}
	return fmt.Errorf("unknown channel %q", d.Channel)
}

// NoticeNumber is a notice's document number: as it was issued
// (督办单〔2024〕第3号, by the office's format then) for a Chinese reader,
// in the reader's words otherwise.
func NoticeNumber(lang string, n model.Notice) string {
	if n.NumberText != "" && i18n.Lang(lang) == i18n.Default {
		return n.NumberText
	}
	return i18n.T(lang, "notice.number", i18n.T(lang, "notice.kind."+string(n.Kind)), n.Year, n.Number)
}

// NoticeSummary is the one sentence that says why a notice was issued.
func NoticeSummary(lang string, n model.Notice) string {
	s := n.Snapshot
	due := i18n.T(lang, "notice.ongoing")
	if s.Due != 0 {
		due = i18n.Date(lang, s.Due.Time())
	}
	if s.IssuedBy != "" { // a reminder the office sent by hand
		out := i18n.T(lang, "notice.summary.hand", due, s.Progress)
		if s.Note != "" {
			out += i18n.T(lang, "notice.summary.note", s.Note)
		}
		return out
	}
	if s.Campaign != 0 { // a study campaign's requirement (campaign_remind.go)
		if n.Kind == model.NoticeDue {
			return i18n.T(lang, "notice.summary.campaign_due", due, s.DaysLeft, s.Progress)
		}
		return i18n.T(lang, "notice.summary.campaign_missed", due, s.DaysOverdue, s.Progress)
	}
	switch n.Kind {
	case model.NoticeDue:
		if s.Milestone != "" {
			return i18n.T(lang, "notice.summary.milestone", due, s.DaysLeft, s.Milestone)
		}
		return i18n.T(lang, "notice.summary.due", due, s.DaysLeft)
	case model.NoticeReport:
		return i18n.T(lang, "notice.summary.report", i18n.Date(lang, s.Since.Time()), s.DaysSince)
	case model.NoticeBulletin:
		return i18n.T(lang, "notice.summary.bulletin", due, s.DaysOverdue)
	}
	return i18n.T(lang, "notice.summary."+string(n.Kind), due, s.Progress)
}

// DigestMessage is the day's notices as one message, in lang, to name (""
// for a group).
func DigestMessage(lang, name string, day model.Date, notices []model.Notice, site string) channel.Message {
	msg := channel.Message{Subject: i18n.T(lang, "notice.digest.subject", i18n.Date(lang, day.Time()), len(notices))}
	var b strings.Builder
	if name != "" {
		b.WriteString(i18n.T(lang, "notice.digest.greeting", name))
		b.WriteString("\n\n")
	}
	b.WriteString(i18n.T(lang, "notice.digest.intro", i18n.Date(lang, day.Time()), len(notices)))
	b.WriteString("\n")
	for _, n := range notices {
		it := channel.Item{Number: NoticeNumber(lang, n), Kind: string(n.Kind), Title: n.Snapshot.Title,
			Measure: n.Measure, Unit: n.Unit}
		if n.Snapshot.Due != 0 {
			it.Due = n.Snapshot.Due.String()
		}
		if site != "" {
			it.URL = site + "/notices/" + strconv.FormatInt(n.ID, 10)
		}
		msg.Items = append(msg.Items, it)
		unit := n.Snapshot.LeadUnitName
		if lang == "en" {
			unit = " (" + unit + ")"
		} else {
			unit = "（" + unit + "）"
		}
		fmt.Fprintf(&b, "\n%s  %s %s%s\n  %s\n", it.Number, n.Measure, n.Snapshot.Title, unit, NoticeSummary(lang, n))
		if it.URL != "" {
			fmt.Fprintf(&b, "  %s\n", it.URL)
		}
	}
	msg.Text = b.String()
	if site != "" {
		msg.Link = site + "/notices"
	}
	return msg
}
