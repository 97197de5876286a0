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
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Unit  string `json:"unit"`
	Title string `json:"title"`
	Email string `json:"email"`
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
	return checkText("name", strings.TrimSpace(a.Name), 1, 100)
}
