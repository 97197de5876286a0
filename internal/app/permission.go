package app

import (
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Permission rules, in one place:
//   - office and admin see and change everything;
//   - leaders see everything and comment;
//   - unit accounts see all measures; they change only the measures their
//     unit leads, and report progress on those it leads or cooperates on,
//     each unit on its own part: files are added to a unit's own reports.

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
	return canReportInvolved(a, InvolvesUnit(m, a.Unit))
}

// canReportInvolved is CanReport given whether a's unit leads or
// cooperates on the measure.
func canReportInvolved(a model.Account, involved bool) bool {
	return IsOffice(a) || (a.Role == model.RoleUnit && involved)
}

// CanEdit reports whether a may change some fields of m: the office all of
// them, a unit account of the lead unit the working ones (see
// MeasurePatch.officeOnlyField). A cooperating unit answers for its part
// of the work, not for the measure: it reports, it does not edit.
func CanEdit(a model.Account, m model.Measure) bool {
	return IsOffice(a) || (a.Role == model.RoleUnit && a.Unit != "" && a.Unit == m.LeadUnit)
}

// CanAddEvidence reports whether a may attach files to a report on m filed
// by author: the office to any, a unit account that may report on m to the
// reports of its own unit's accounts, so that no unit adds to what another
// unit (or the office) reported.
func CanAddEvidence(a model.Account, m model.Measure, author model.Account) bool {
	return IsOffice(a) || (CanReport(a, m) && author.Role == model.RoleUnit && author.Unit == a.Unit)
}

// CanComment reports whether a may comment on m.
func CanComment(a model.Account, m model.Measure) bool {
	return IsOffice(a) || a.Role == model.RoleLeader || (a.Role == model.RoleUnit && InvolvesUnit(m, a.Unit))
}

// CanSeeEvidence reports whether a may open the files attached to m's
// progress reports. Every account sees the measure itself, but its evidence
// (contracts, name lists, scans with personal data) only those who
// supervise it and the units that do the work: the office, leaders, and
// unit accounts of the lead and cooperating units.
func CanSeeEvidence(a model.Account, m model.Measure) bool {
	return IsOffice(a) || a.Role == model.RoleLeader || (a.Role == model.RoleUnit && InvolvesUnit(m, a.Unit))
}

// MeasureRights is what one reader may do with one measure, decided here
// so that the pages and the API show the same buttons and the same parts.
type MeasureRights struct {
	Edit, Report, Comment, Review bool
	// SeeEvidence: the reports' files, their names included; SeeHistory:
	// the measure's audit events (which name those files too).
	SeeEvidence, SeeHistory bool
}

// RightsOn is a's MeasureRights on m.
func RightsOn(a model.Account, m model.Measure) MeasureRights {
	return MeasureRights{
		Edit: CanEdit(a, m), Report: CanReport(a, m) && !m.Cancelled, Comment: CanComment(a, m), Review: CanReview(a),
		SeeEvidence: CanSeeEvidence(a, m), SeeHistory: CanSeeHistory(a, "measure", append([]string{m.LeadUnit}, m.CooperatingUnits...)...),
	}
}

// cutEvidence hides the files of rs from a reader who may not open them,
// keeping only how many there are.
func cutEvidence(rs []model.ProgressReport, r MeasureRights) {
	if r.SeeEvidence {
		return
	}
	for i := range rs {
		rs[i].HiddenEvidence, rs[i].Evidence = len(rs[i].Evidence), nil
	}
}

// canRead refuses a read by no one: every read names its reader, and what
// it returns is cut to what that reader may see. Reference data that is the
// same for every reader, signed in or not (units, periods, the calendar, the
// institution profile, thresholds), is read without one.
func canRead(actor model.Account) error {
	if actor.Username == "" || actor.Disabled {
		return model.Errorf(model.EUNAUTHORIZED, "sign in to read this")
	}
	return nil
}

// CanReview reports whether a may accept or return progress reports.
func CanReview(a model.Account) bool { return IsOffice(a) }

// Problem register and resources:
//   - office manages every problem and allocation;
//   - a unit account raises problems for its own unit and updates its unit's
//     problems, but does not close them out;
//   - the office or the leader in charge closes a problem out (销号);
//   - the unit an allocation goes to, or the lead unit of its measure,
//     records what was spent;
//   - everyone signed in reads both.

// CanRaiseProblem reports whether a may register a problem owned by unit.
func CanRaiseProblem(a model.Account, unit string) bool {
	return IsOffice(a) || (a.Role == model.RoleUnit && a.Unit != "" && a.Unit == unit)
}

// CanEditProblem reports whether a may update p (not close it out).
func CanEditProblem(a model.Account, p model.Problem) bool {
	return IsOffice(a) || (a.Role == model.RoleUnit && a.Unit != "" && a.Unit == p.OwnerUnit)
}

// CanCloseProblem reports whether a may close p out: the office, or the
// leader in charge of it.
func CanCloseProblem(a model.Account, p model.Problem) bool {
	return IsOffice(a) || (a.Role == model.RoleLeader && p.Leader != "" && p.Leader == a.Username)
}

// CanManageAllocations reports whether a may grant and change allocations.
func CanManageAllocations(a model.Account) bool { return IsOffice(a) }

// CanRecordSpending reports whether a may record what was spent of al, given
// the lead unit of its measure ("" for a grant to a unit).
func CanRecordSpending(a model.Account, al model.Allocation, measureLead string) bool {
	if IsOffice(a) {
		return true
	}
	if a.Role != model.RoleUnit || a.Unit == "" {
		return false
	}
	return al.Unit == a.Unit || (al.Measure != "" && measureLead == a.Unit)
}

// CanManageIndicators reports whether a may create and edit indicators and
// set their baselines and targets: the office.
func CanManageIndicators(a model.Account) bool { return IsOffice(a) }

// CanEnterValues reports whether a may enter figures of ind: the office
// all of them, a unit account of the owner unit the results (actuals).
func CanEnterValues(a model.Account, ind model.Indicator) bool {
	return IsOffice(a) || (a.Role == model.RoleUnit && a.Unit != "" && a.Unit == ind.OwnerUnit)
}

// CanLockPeriods reports whether a may close a period: the office.
func CanLockPeriods(a model.Account) bool { return IsOffice(a) }
