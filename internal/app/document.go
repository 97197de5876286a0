package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// settingDocumentFormats holds the office's number formats by document
// kind (Settings › Documents), as JSON.
const settingDocumentFormats = "document_formats"

// DocumentFormats returns the number format of each document kind: the
// office's where it set one, else model.DefaultNumberFormats.
func (a *App) DocumentFormats(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range model.DefaultNumberFormats {
		out[k] = v
	}
	v, err := a.store.Setting(ctx, settingDocumentFormats, "")
	if err != nil || v == "" {
		return out, err
	}
	var set map[string]string
	if err := json.Unmarshal([]byte(v), &set); err != nil {
		return out, fmt.Errorf("app: setting %s: %w", settingDocumentFormats, err)
	}
	for k, f := range set {
		if f != "" {
			out[k] = f
		}
	}
	return out, nil
}

// SetDocumentFormats sets the number formats (office): every kind named is
// checked, and all are refused if one is bad. The numbers already issued
// keep the form they were issued in; the series go on counting.
func (a *App) SetDocumentFormats(ctx context.Context, actor model.Account, formats map[string]string) (map[string]string, error) {
	if !IsOffice(actor) {
		return nil, forbidden("set the document numbers")
	}
	var errs model.Errors
	clean := map[string]string{}
	for _, k := range model.DocKinds {
		f, ok := formats[k]
		if !ok {
			continue
		}
		f = strings.TrimSpace(f)
		if err := model.CheckNumberFormat(k, f); err != nil && !errs.AddErr(err) {
			return nil, err
		}
		clean[k] = f
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	before, err := a.DocumentFormats(ctx)
	if err != nil {
		return nil, err
	}
	after := map[string]string{}
	for k, v := range before {
		after[k] = v
	}
	for k, v := range clean {
		after[k] = v
	}
	b, _ := json.Marshal(after)
	err = a.change(ctx, actor, "update", "document_formats", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.Before, ev.After = settingDocumentFormats, before, after
		return tx.SetSetting(ctx, settingDocumentFormats, string(b))
	})
	return after, err
}

// noticeFormats are the number formats of the notice kinds, with the
// institution's short name in them, for the store to number notices by.
func (a *App) noticeFormats(ctx context.Context) (map[model.NoticeKind]string, error) {
	formats, err := a.DocumentFormats(ctx)
	if err != nil {
		return nil, err
	}
	in, err := a.Institution(ctx)
	if err != nil {
		return nil, err
	}
	out := map[model.NoticeKind]string{}
	for _, k := range model.NoticeKinds {
		out[k] = model.ShortFormat(formats[model.DocNotice(k)], in)
	}
	return out, nil
}
