package model

import (
	"regexp"
	"strings"
)

// Roles of an account.
const (
	RoleOffice = "office"
	RoleLeader = "leader"
	RoleUnit   = "unit"
	RoleAdmin  = "admin"
)

// Roles lists every role.
var Roles = []string{RoleOffice, RoleLeader, RoleUnit, RoleAdmin}

// Languages the UI speaks.
var Languages = []string{"zh-CN", "en"}

// Person is someone in a unit: a leader, a unit head, a liaison, a clerk.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit"`
	// Title is the post (职务): 副校长, 处长, 联络员.
	Title string `json:"title"`
	Email string `json:"email"`
	// StaffNo is the person's staff number (工号): it identifies a person in
	// the sheets the personnel office keeps, so a re-import updates them.
	StaffNo string `json:"staff_no"`
	Phone   string `json:"phone"`
}

var staffNoPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)

// Validate checks a person's fields (the unit's existence is the app's job).
func (p *Person) Validate() error {
	p.Name = FoldName(p.Name)
	p.Title = strings.TrimSpace(p.Title)
	p.Email = strings.TrimSpace(p.Email)
	p.StaffNo = strings.TrimSpace(p.StaffNo)
	p.Phone = strings.TrimSpace(p.Phone)
	if err := checkLine("name", p.Name, 1, 100); err != nil {
		return err
	}
	if p.Unit == "" {
		return Invalid("unit", "is required")
	}
	if err := checkLine("title", p.Title, 0, 100); err != nil {
		return err
	}
	if p.Email != "" && !ValidEmail(p.Email) {
		return Invalid("email", "%q is not an e-mail address", p.Email)
	}
	if p.StaffNo != "" && !staffNoPattern.MatchString(p.StaffNo) {
		return Invalid("staff_no", "must be 1–32 letters, digits, '-', '_' or '.'")
	}
	return checkLine("phone", p.Phone, 0, 40)
}

// Account is a person's sign-in: one role and the unit it acts for.
type Account struct {
	ID       int64  `json:"-"`
	Username string `json:"username"`
	Role     string `json:"role"`
	Unit     string `json:"unit"`
	Name     string `json:"name"`
	PersonID int64  `json:"-"`
	Email    string `json:"-"`
	Lang     string `json:"-"`
	Disabled bool   `json:"-"`
	// MustChangePassword is set by an admin's password reset: the one-time
	// password signs in once, and the web asks for a new one before
	// anything else.
	MustChangePassword bool `json:"-"`
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{1,31}$`)

// Validate checks an account's fields (the unit's existence is the app's job).
func (a *Account) Validate() error {
	a.Username = strings.ToLower(strings.TrimSpace(a.Username))
	if !usernamePattern.MatchString(a.Username) {
		return Invalid("username", "must be 2–32 lower-case letters, digits, '.', '-' or '_'")
	}
	if !oneOf(a.Role, Roles) {
		return Invalid("role", "must be one of %s", strings.Join(Roles, ", "))
	}
	if a.Role == RoleUnit && a.Unit == "" {
		return Invalid("unit", "a unit account needs a unit")
	}
	if a.Lang == "" {
		a.Lang = "zh-CN"
	}
	if !oneOf(a.Lang, Languages) {
		return Invalid("lang", "must be one of %s", strings.Join(Languages, ", "))
	}
	return checkLine("name", strings.TrimSpace(a.Name), 1, 100)
}
