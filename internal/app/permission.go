package app

import (
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Permission rules, in one place:
//   - office and admin see and change everything;
//   - leaders see everything and comment;
//   - unit accounts see all measures but change, and report progress on, only
//     the measures their unit leads or cooperates on.

func forbidden(what string) error {
	return model.Errorf(model.EFORBIDDEN, "not allowed to %s", what)
}

// IsOffice reports whether the account may change anything.
func IsOffice(a model.Account) bool { return a.Role == model.RoleOffice || a.Role == model.RoleAdmin }

// CanManage reports whether a may create and edit meetings and measures.
func CanManage(a model.Account) bool { return IsOffice(a) }

// CanSeeAccounts reports whether a may list accounts.
func CanSeeAccounts(a model.Account) bool { return IsOffice(a) }

// InvolvesUnit reports whether a unit leads or cooperates on m.
func InvolvesUnit(m model.Measure, unit string) bool {
	if unit == "" {
		return false
	}
	if m.LeadUnit == unit {
		return true
	}
	for _, u := range m.CooperatingUnits {
		if u == unit {
			return true
		}
	}
	return false
}

// CanReport reports whether a may file progress on m.
func CanReport(a model.Account, m model.Measure) bool {
	return IsOffice(a) || (a.Role == model.RoleUnit && InvolvesUnit(m, a.Unit))
}

// CanEdit reports whether a may change some fields of m: the office all of
// them, a unit account of an involved unit the working ones (see unitFields).
func CanEdit(a model.Account, m model.Measure) bool { return CanReport(a, m) }

// CanComment reports whether a may comment on m.
func CanComment(a model.Account, m model.Measure) bool {
	return IsOffice(a) || a.Role == model.RoleLeader || (a.Role == model.RoleUnit && InvolvesUnit(m, a.Unit))
}

// CanReview reports whether a may accept or return progress reports.
func CanReview(a model.Account) bool { return IsOffice(a) }
