package app

import (
	"context"
	"errors"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// CanSign reports whether an account signs for notice n on its unit's
// behalf: an account of the unit the 督办单 is addressed to.
func CanSign(a model.Account, n model.Notice) bool {
	return a.Role == model.RoleUnit && a.Unit != "" && a.Unit == n.Unit && n.SignedFor()
}

// signable is the notice if actor may sign for it now: a standing 督办单
// of actor's unit.
func signable(ctx context.Context, tx *store.Tx, actor model.Account, id int64) (model.Notice, error) {
	n, err := tx.Notice(ctx, id, actor.Username)
	if err != nil {
		return n, err
	}
	if !canReadNotice(actor, n) {
		return n, model.Errorf(model.ENOTFOUND, "notice %d not found", id)
	}
	if !n.SignedFor() {
		return n, model.Invalid("", "only a 督办单 is signed for; notice %d is not one", id)
	}
	if !CanSign(actor, n) {
		return n, forbidden("sign for notices of another unit")
	}
	if n.Voided != nil {
		return n, model.Errorf(model.ECONFLICT, "notice %d is voided", id)
	}
	return n, nil
}

// SignNotice signs for a 督办单 (签收) on the unit's behalf: who and when
// are recorded once; signing again changes nothing. The 交办 → 签收 step of
// supervision: a 督办单 left unsigned climbs the ladder (NoticeRules
// SignWithin).
func (a *App) SignNotice(ctx context.Context, actor model.Account, id int64) (model.Notice, error) {
	var n model.Notice
	err := a.change(ctx, actor, "sign", "notice", func(tx *store.Tx, ev *Event) error {
		var err error
		if n, err = signable(ctx, tx, actor, id); err != nil {
			return err
		}
		if signed, err := tx.SignNotice(ctx, id, actor.Username); err != nil {
			return err
		} else if !signed {
			return errSignedAlready // nothing to record: the first signature stands
		}
		if n, err = tx.Notice(ctx, id, actor.Username); err != nil {
			return err
		}
		ev.ID, ev.After = strconv.FormatInt(id, 10), map[string]any{"kind": n.Kind, "year": n.Year, "number": n.Number, "measure": n.Measure}
		return nil
	})
	if errors.Is(err, errSignedAlready) {
		return n, nil
	}
	return n, err
}

// errSignedAlready rolls back a signature that would change nothing.
var errSignedAlready = errors.New("app: signed for already")

// SetReceipt keeps the unit's receipt for a 督办单 (回执: how it handles the
// measure and when it expects to finish), signing for the notice too if no
// one has; a later receipt replaces it. One audit event.
func (a *App) SetReceipt(ctx context.Context, actor model.Account, id int64, r model.Receipt) (model.Notice, error) {
	var n model.Notice
	err := a.change(ctx, actor, "receipt", "notice", func(tx *store.Tx, ev *Event) error {
		var err error
		if n, err = signable(ctx, tx, actor, id); err != nil {
			return err
		}
		if err := model.CheckReceipt(&r, n); err != nil {
			return err
		}
		ev.Before = n.Receipt
		if _, err := tx.SignNotice(ctx, id, actor.Username); err != nil {
			return err
		}
		r.By = actor.Username
		if err := tx.SetReceipt(ctx, id, &r); err != nil {
			return err
		}
		if n, err = tx.Notice(ctx, id, actor.Username); err != nil {
			return err
		}
		ev.ID, ev.After = strconv.FormatInt(id, 10), n.Receipt
		return nil
	})
	return n, err
}
