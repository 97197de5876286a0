package model

import (
	"regexp"
	"strings"
	"unicode"
)

// Unit kinds: the leadership group, Party departments (党群部门), the
// administrative (functional) departments, schools and colleges, institutes
// and the directly affiliated units (直属单位).
const (
	UnitLeadership = "leadership"
	UnitParty      = "party"
	UnitDepartment = "department"
	UnitSchool     = "school"
	UnitInstitute  = "institute"
	UnitAffiliated = "affiliated"
)

// UnitKinds lists the unit kinds in display order.
var UnitKinds = []string{UnitLeadership, UnitParty, UnitDepartment, UnitSchool, UnitInstitute, UnitAffiliated}

// Unit is a school, college, functional department or the leadership group.
// Units form a tree through Parent (a unit code, "" at the root). A unit is
// never deleted: a deactivated one (机构调整) stays on old measures and in
// history and is offered nowhere new; MergedInto names the unit that took
// over its work when it was merged.
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Kind   string `json:"kind"`
	Parent string `json:"parent"`
	// Seq orders units among their siblings (0: after the others).
	Seq int `json:"seq"`
	// Aliases are the unit's other names as people write them: 简称 and
	// former names ("本科生院" for 教务处). Each belongs to one unit only.
	Aliases    []string `json:"aliases"`
	Inactive   bool     `json:"inactive,omitempty"`
	MergedInto string   `json:"merged_into,omitempty"`
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
	switch strings.ToLower(u.Code) {
	case "new", "import", "export.xlsx":
		// The units' pages use these words in their addresses.
		return Invalid("code", "%q is reserved: choose another code", u.Code)
	}
	if err := checkLine("name", u.Name, 1, 100); err != nil {
		return err
	}
	if err := checkLine("name_en", u.NameEn, 0, 200); err != nil {
		return err
	}
	if !oneOf(u.Kind, UnitKinds) {
		return Invalid("kind", "must be one of %s", strings.Join(UnitKinds, ", "))
	}
	if u.Parent == u.Code {
		return Invalid("parent", "a unit cannot be its own parent")
	}
	if u.Seq < 0 || u.Seq > 1_000_000 {
		return Invalid("seq", "must be between 0 and 1000000")
	}
	aliases, err := CleanAliases(u.Aliases, u.Name)
	if err != nil {
		return err
	}
	u.Aliases = aliases
	return nil
}

// CleanAliases trims a unit's aliases, drops blanks, repeats and the unit's
// own name, and checks each one's length.
func CleanAliases(in []string, name string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{name: true}
	for _, a := range in {
		a = FoldName(a)
		if a == "" || seen[a] {
			continue
		}
		if err := checkLine("aliases", a, 1, 100); err != nil {
			return nil, err
		}
		seen[a] = true
		out = append(out, a)
	}
	if len(out) > 20 {
		return nil, Invalid("aliases", "at most 20 aliases (got %d)", len(out))
	}
	return out, nil
}

// FoldName makes a name as typed comparable with the stored one: it trims,
// folds full-width letters, digits and spaces to ASCII (as sheets saved by
// WPS hold them), collapses blanks, and drops the spaces offices type inside
// Chinese names ("教 务 处" is 教务处).
func FoldName(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\u3000':
			r = ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if HasHan(out) {
		out = strings.ReplaceAll(out, " ", "")
	}
	return out
}

// HasHan reports whether s holds a Chinese character.
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// UnitMove counts what a merge moved from one unit to another, per kind of
// record; the merge's audit event lists it.
type UnitMove struct {
	Indicators  int `json:"indicators"`
	Problems    int `json:"problems"`
	Reports     int `json:"reports"`
	ReportsKept int `json:"reports_kept"`
	Accounts    int `json:"accounts"`
	People      int `json:"people"`
	Drafts      int `json:"drafts"`
	// Portfolios counts the leaders given a new assignment (app does it).
	Portfolios   int `json:"portfolios"`
	ChildUnits   int `json:"child_units"`
	Measures     int `json:"measures"`
	Cooperations int `json:"cooperations"`
}
