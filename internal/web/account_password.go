package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// accountPassword changes the signed-in account's own password: the current
// one, the new one twice. A bad form comes back (422; 429 after too many
// failures from the address) with the message by the field to blame and no
// password echoed; on success every other session of the account has ended,
// and this one goes on.
func (h *handler) accountPassword(w http.ResponseWriter, r *http.Request) {
	s := signedInOf(r)
	current, next := r.PostForm.Get("current_password"), r.PostForm.Get("new_password")
	var err error
	if next != "" && next != r.PostForm.Get("new_password_again") {
		err = model.Invalid("new_password_again", "does not match the new password")
	} else {
		err = h.a.ChangePassword(r.Context(), s, current, next)
	}
	if err == nil {
		redirect(w, r, "/account?saved=password#password")
		return
	}
	field, _ := fieldError(r, err)
	status, key := model.HTTPStatus(model.ErrorCode(err)), ""
	switch rule := app.PasswordRuleOf(err); {
	case model.ErrorCode(err) == model.ETOOMANY:
		retryAfter(w, err)
		field, key = "current_password", "signin.too_many"
	case field == "":
		h.fail(w, r, err)
		return
	case rule != "":
		key = "account.password_rule_" + rule
	case field == "current_password" && current != "":
		key = "account.password_current_wrong"
	case field == "new_password_again":
		key = "account.password_mismatch"
	default:
		key = "account.password_required"
	}
	msg := i18n.T(i18n.Lang(s.Account.Lang), key)
	h.showAccount(w, r, status, &accountData{Email: s.Account.Email, PasswordErrs: map[string]string{field: msg}})
}
