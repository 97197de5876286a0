package app

import (
	"context"
	"crypto/rand"
	"math/big"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// People lists the people of a unit ("" for all): the admin and the office
// may read them.
func (a *App) People(ctx context.Context, actor model.Account, unit string) ([]model.Person, error) {
	if !CanSeeAccounts(actor) {
		return nil, forbidden("list people")
	}
	return a.store.People(ctx, unit)
}

// SavePerson creates (ID 0) or updates a person (admin). A person needs no
// account: a leader who never signs in is still a person, and through a
// leader account without a password still a leader in charge.
func (a *App) SavePerson(ctx context.Context, actor model.Account, p *model.Person) error {
	if !CanManageInstitution(actor) {
		return forbidden("change people")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	action := "create"
	if p.ID != 0 {
		action = "update"
	}
	return a.change(ctx, actor, action, "person", func(tx *store.Tx, ev *Event) error {
		return savePerson(ctx, tx, p, ev)
	})
}

func savePerson(ctx context.Context, tx *store.Tx, p *model.Person, ev *Event) error {
	var before model.Person
	if p.ID != 0 {
		var err error
		if before, err = tx.Person(ctx, p.ID); err != nil {
			return err
		}
	}
	// A person stays in a unit that was deactivated, but none is put there.
	if p.Unit != before.Unit {
		if err := refuseInactive(ctx, tx, "unit", p.Unit); err != nil {
			return err
		}
	}
	if p.StaffNo != "" {
		if other, err := tx.PersonByStaffNo(ctx, p.StaffNo); err == nil && other.ID != p.ID {
			return model.Errorf(model.ECONFLICT, "staff number %s is %s's already", p.StaffNo, other.Name).WithField("staff_no")
		}
	}
	if p.ID == 0 {
		id, err := tx.InsertPerson(ctx, *p)
		if err != nil {
			return err
		}
		p.ID = id
		ev.ID, ev.After = personKey(*p), *p
		return nil
	}
	ev.ID, ev.Before, ev.After = personKey(*p), before, *p
	return tx.UpdatePerson(ctx, *p)
}

func personKey(p model.Person) string {
	if p.StaffNo != "" {
		return p.StaffNo
	}
	return "person-" + strconv.FormatInt(p.ID, 10)
}

// NewAccount is an account the admin creates, with the person behind it.
// Password may be blank: the account then cannot sign in with a luoshi
// password until one is set or reset (a leader who never signs in, or
// someone who signs in through the campus identity service).
type NewAccount struct {
	model.Account
	Password string
	Title    string
	StaffNo  string
	Phone    string
}

// SaveNewAccount creates an account and, when it has a unit, the person it
// belongs to (admin). The password, when given, must meet the rules.
func (a *App) SaveNewAccount(ctx context.Context, actor model.Account, in NewAccount) (model.Account, error) {
	if !CanManageInstitution(actor) {
		return model.Account{}, forbidden("create accounts")
	}
	acct := in.Account
	acct.Email = strings.TrimSpace(acct.Email)
	if err := acct.Validate(); err != nil {
		return acct, err
	}
	if acct.Email != "" && !model.ValidEmail(acct.Email) {
		return acct, model.Invalid("email", "%q is not an e-mail address", acct.Email)
	}
	hash := ""
	if in.Password != "" {
		if err := passwordRules("password", acct.Username, in.Password); err != nil {
			return acct, err
		}
		hash = auth.HashPassword(in.Password)
	}
	err := a.change(ctx, actor, "create", "account", func(tx *store.Tx, ev *Event) error {
		return insertAccount(ctx, tx, &acct, hash, in, ev)
	})
	return acct, err
}

func insertAccount(ctx context.Context, tx *store.Tx, acct *model.Account, hash string, in NewAccount, ev *Event) error {
	// The person made with the account is part of the same change and of
	// its audit event.
	var person *model.Person
	if _, err := tx.Account(ctx, acct.Username); err == nil {
		return model.Errorf(model.ECONFLICT, "%q is already taken", acct.Username).WithField("username")
	} else if model.ErrorCode(err) != model.ENOTFOUND {
		return err
	}
	if acct.Unit != "" {
		if err := refuseInactive(ctx, tx, "unit", acct.Unit); err != nil {
			return err
		}
		if acct.PersonID == 0 {
			p := model.Person{Name: acct.Name, Unit: acct.Unit, Title: in.Title, Email: acct.Email, StaffNo: in.StaffNo, Phone: in.Phone}
			if err := p.Validate(); err != nil {
				return err
			}
			if err := savePerson(ctx, tx, &p, &Event{}); err != nil {
				return err
			}
			acct.PersonID = p.ID
			person = &p
		}
	}
	id, err := tx.InsertAccount(ctx, *acct, hash)
	if err != nil {
		return err
	}
	acct.ID = id
	ev.ID = acct.Username
	ev.After = struct {
		Account any           `json:"account"`
		Person  *model.Person `json:"person,omitempty"`
	}{accountAudit(*acct, hash != ""), person}
	return nil
}

// accountAudit is how an account appears in the audit trail: what an
// admin sees of it, never a hash.
func accountAudit(a model.Account, hasPassword bool) any {
	return struct {
		Username    string `json:"username"`
		Name        string `json:"name"`
		Role        string `json:"role"`
		Unit        string `json:"unit"`
		Email       string `json:"email"`
		Disabled    bool   `json:"disabled"`
		HasPassword bool   `json:"has_password"`
	}{a.Username, a.Name, a.Role, a.Unit, a.Email, a.Disabled, hasPassword}
}

// AccountPatch is an admin's change to an account; nil fields stay.
type AccountPatch struct {
	Name     *string
	Unit     *string
	Role     *string
	Email    *string
	Disabled *bool
	// Password is a password the admin sets; it must meet the rules.
	Password *string
}

// UpdateAccount changes an account (admin): name, unit, role, e-mail,
// disabled (its sessions end at once) and a password. The last enabled
// admin can neither be disabled nor lose the role.
func (a *App) UpdateAccount(ctx context.Context, actor model.Account, username string, p AccountPatch) (model.Account, error) {
	if !CanManageInstitution(actor) {
		return model.Account{}, forbidden("change accounts")
	}
	var hash string
	if p.Password != nil {
		if err := passwordRules("password", username, *p.Password); err != nil {
			return model.Account{}, err
		}
		hash = auth.HashPassword(*p.Password)
	}
	var out model.Account
	err := a.change(ctx, actor, "update", "account", func(tx *store.Tx, ev *Event) error {
		acct, oldHash, err := tx.PasswordHash(ctx, username)
		if err != nil {
			return err
		}
		before := acct
		setIf(&acct.Name, p.Name)
		setIf(&acct.Unit, p.Unit)
		setIf(&acct.Role, p.Role)
		setIf(&acct.Email, p.Email)
		setIf(&acct.Disabled, p.Disabled)
		acct.Name = strings.TrimSpace(acct.Name)
		acct.Email = strings.TrimSpace(acct.Email)
		if err := acct.Validate(); err != nil {
			return err
		}
		if acct.Email != "" && !model.ValidEmail(acct.Email) {
			return model.Invalid("email", "%q is not an e-mail address", acct.Email)
		}
		if acct.Unit != before.Unit && acct.Unit != "" {
			if err := refuseInactive(ctx, tx, "unit", acct.Unit); err != nil {
				return err
			}
		}
		if err := checkAccountChange(ctx, tx, before, acct); err != nil {
			return err
		}
		if acct.PersonID != 0 && (acct.Unit != before.Unit || acct.Name != before.Name) && acct.Unit != "" {
			per, err := tx.Person(ctx, acct.PersonID)
			if err != nil {
				return err
			}
			per.Unit, per.Name = acct.Unit, acct.Name
			if err := tx.UpdatePerson(ctx, per); err != nil {
				return err
			}
		}
		if err := tx.UpdateAccount(ctx, acct); err != nil {
			return err
		}
		if hash != "" {
			if err := tx.ResetPassword(ctx, acct.ID, hash, false); err != nil {
				return err
			}
		}
		ev.ID, ev.Before, ev.After = acct.Username, accountAudit(before, oldHash != ""), accountAudit(acct, oldHash != "" || hash != "")
		out = acct
		return nil
	})
	return out, err
}

// checkAccountChange refuses a change that would leave the institution
// without an enabled admin or office account (the last one disabled or
// given another role). Every path that changes accounts — the admin's
// form and API, the people import — calls it.
func checkAccountChange(ctx context.Context, tx *store.Tx, before, after model.Account) error {
	for _, role := range []string{model.RoleAdmin, model.RoleOffice} {
		if before.Role != role || before.Disabled || (after.Role == role && !after.Disabled) {
			continue
		}
		n, err := tx.CountAccountsBy(ctx, role, "")
		if err != nil {
			return err
		}
		if n > 1 {
			continue
		}
		field := "disabled"
		if after.Role != role {
			field = "role"
		}
		if role == model.RoleAdmin {
			return model.Invalid(field, "%s is the last admin account: make another admin first", after.Username)
		}
		return model.Invalid(field, "%s is the last office account: the office would have nobody to supervise the work", after.Username)
	}
	return nil
}

// ResetPassword gives an account a one-time password (admin): it is
// returned once and never stored in clear or shown again; it signs in, and
// until the account sets its own password it may do nothing else (the web
// asks for one first, the API answers 403). Every session of the account
// ends and a sign-in lock is lifted.
func (a *App) ResetPassword(ctx context.Context, actor model.Account, username string) (string, error) {
	if !CanManageInstitution(actor) {
		return "", forbidden("reset passwords")
	}
	pw := OneTimePassword()
	hash := auth.HashPassword(pw)
	err := a.change(ctx, actor, "reset_password", "account", func(tx *store.Tx, ev *Event) error {
		acct, err := tx.Account(ctx, username)
		if err != nil {
			return err
		}
		ev.ID = acct.Username
		return tx.ResetPassword(ctx, acct.ID, hash, true)
	})
	if err != nil {
		return "", err
	}
	answerIsSecret(ctx)
	return pw, nil
}

// OneTimePassword makes a password that meets the rules and reads aloud
// over the phone: four groups of four from an alphabet without look-alikes
// (no 0/O, 1/l/I), with upper case, lower case and digits.
func OneTimePassword() string {
	const (
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		lower  = "abcdefghijkmnpqrstuvwxyz"
		digits = "23456789"
	)
	pick := func(set string) byte {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		if err != nil {
			panic(err)
		}
		return set[n.Int64()]
	}
	all := upper + lower + digits
	for {
		var b strings.Builder
		for g := 0; g < 4; g++ {
			if g > 0 {
				b.WriteByte('-')
			}
			for i := 0; i < 4; i++ {
				b.WriteByte(pick(all))
			}
		}
		pw := b.String()
		if auth.CheckPasswordRules("", pw) == nil && strings.ContainsAny(pw, upper) && strings.ContainsAny(pw, lower) && strings.ContainsAny(pw, digits) {
			return pw
		}
	}
}
