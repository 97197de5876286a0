package model

import "testing"

// TestReportStateMachine tries every action in every state: the allowed
// transitions go where the workflow says, every other one is a conflict.
func TestReportStateMachine(t *testing.T) {
	allowed := map[[2]string]string{
		{ReportNotStarted, ReportSave}:      ReportDraft,
		{ReportDraft, ReportSave}:           ReportDraft,
		{ReportDraft, ReportSubmit}:         ReportSubmitted,
		{ReportSubmitted, ReportReturn}:     ReportReturned,
		{ReportSubmitted, ReportAccept}:     ReportAccepted,
		{ReportReturned, ReportSave}:        ReportReturned,
		{ReportReturned, ReportSubmit}:      ReportResubmitted,
		{ReportResubmitted, ReportReturn}:   ReportReturned,
		{ReportResubmitted, ReportAccept}:   ReportAccepted,
		{ReportSubmitted, ReportWithdraw}:   ReportDraft,
		{ReportResubmitted, ReportWithdraw}: ReportReturned,
	}
	for _, s := range ReportStates {
		for _, a := range ReportActions {
			next, err := NextReportState(s, a)
			want, ok := allowed[[2]string{s, a}]
			switch {
			case ok && (err != nil || next != want):
				t.Errorf("%s --%s-->: %q, %v; want %q", s, a, next, err, want)
			case !ok && ErrorCode(err) != ECONFLICT:
				t.Errorf("%s --%s-->: %q, %v; want a conflict", s, a, next, err)
			}
		}
	}
}

func TestReportValidate(t *testing.T) {
	r := UnitReport{Achievements: "  一是……\r\n二是……  ", Problems: "p"}
	if err := r.Validate(false); err != nil {
		t.Fatalf("draft with empty sections: %v", err)
	}
	if r.Achievements != "一是……\n二是……" {
		t.Errorf("line breaks not kept: %q", r.Achievements)
	}
	err := r.Validate(true)
	if e := ErrorOf(err); e == nil || e.Field != "situation" {
		t.Errorf("submission without situation: %v", err)
	}
	r.Situation, r.NextMeasures = "s", "n"
	if err := r.Validate(true); err != nil {
		t.Errorf("complete report: %v", err)
	}
	r.Problems = string(make([]rune, maxSection+1))
	if e := ErrorOf(r.Validate(false)); e == nil || e.Field != "problems" {
		t.Errorf("overlong section accepted")
	}
}
