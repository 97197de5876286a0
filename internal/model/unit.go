package model

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Unit kinds.
const (
	UnitLeadership = "leadership"
	UnitDepartment = "department"
	UnitSchool     = "school"
	UnitInstitute  = "institute"
)

// UnitKinds lists the unit kinds in display order.
var UnitKinds = []string{UnitLeadership, UnitDepartment, UnitSchool, UnitInstitute}

// Unit is a school, college, functional department or the leadership group.
// Units form a tree through Parent (a unit code, "" at the root).
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Kind   string `json:"kind"`
	Parent string `json:"parent"`
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)

// Validate checks a unit's fields.
func (u *Unit) Validate() error {
	u.Code = strings.TrimSpace(u.Code)
	u.Name = strings.TrimSpace(u.Name)
	u.NameEn = strings.TrimSpace(u.NameEn)
	if !codePattern.MatchString(u.Code) {
		return Invalid("code", "must be 1–32 letters, digits, '-', '_' or '.'")
	}
	if err := checkText("name", u.Name, 1, 100); err != nil {
		return err
	}
	if err := checkText("name_en", u.NameEn, 0, 200); err != nil {
		return err
	}
	if !oneOf(u.Kind, UnitKinds) {
		return Invalid("kind", "must be one of %s", strings.Join(UnitKinds, ", "))
	}
	if u.Parent == u.Code {
		return Invalid("parent", "a unit cannot be its own parent")
	}
	return nil
}

// checkText checks a trimmed text's length in characters.
func checkText(field, s string, min, max int) error {
	n := utf8.RuneCountInString(s)
	if !utf8.ValidString(s) {
		return Invalid(field, "is not valid UTF-8 text")
	}
	if n < min {
		if min == 1 {
			return Invalid(field, "is required")
		}
		return Invalid(field, "must be at least %d characters", min)
	}
	if n > max {
		return Invalid(field, "must be at most %d characters (got %d)", max, n)
	}
	return nil
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}
