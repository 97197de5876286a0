package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fieldsOf lists the fields err's Errors name, in order.
func fieldsOf(err error) []string {
	var out []string
	for _, e := range ErrorsOf(err) {
		out = append(out, e.Field)
	}
	return out
}

// TestValidatorsFlagEveryField: each main validator reports every bad
// field of one input, in the form's order, so a form can flag them all.
func TestValidatorsFlagEveryField(t *testing.T) {
	today := Date(0).AddDays(20000)
	for _, c := range []struct {
		name string
		err  error
		want []string
	}{
		{"measure", (&Measure{Title: "", Theme: "nope", Period: "2024-H2", LeadUnit: "", Priority: 9, Progress: 101,
			Start: mustDate("2024-12-01"), Due: mustDate("2024-11-01"), Recur: "weekly",
			Milestones: []Milestone{{Title: "", Due: 0}}}).Normalize(),
			[]string{"title", "theme", "lead_unit", "due", "recur", "priority", "progress", "milestones[0].title", "milestones[0].due"}},
		{"measure without a period", (&Measure{Title: "x", Period: "someday", LeadUnit: "KJC", Priority: -1}).Normalize(),
			[]string{"period", "priority"}},
		{"progress report", (&ProgressReport{Date: today + 1, Percent: -1, Note: ""}).Validate(today),
			[]string{"date", "percent", "note"}},
		{"meeting", (&Meeting{Kind: "nope", Title: "", Items: []AgendaItem{{Kind: "nope", Title: ""}}}).Validate(),
			[]string{"kind", "title", "date", "agenda[0].kind", "agenda[0].title"}},
		{"problem", (&Problem{Title: "", Source: SourceMeeting, Severity: "nope", OwnerUnit: "", Measures: []string{"x"}}).Validate(),
			[]string{"title", "agenda_item", "severity", "owner_unit", "measures"}},
		{"indicator", (&Indicator{Code: "!", Name: "", Kind: "nope", OwnerUnit: "", Theme: "nope"}).Validate(),
			[]string{"code", "name", "kind", "owner_unit", "theme"}},
		{"allocation", (&Allocation{Kind: "nope", Period: "2024-H2", Granted: -1, Spent: -1}).Validate(),
			[]string{"kind", "measure", "granted", "spent"}},
	} {
		if got := fieldsOf(c.err); !slices.Equal(got, c.want) {
			t.Errorf("%s: flags %q, want %q (%v)", c.name, got, c.want, c.err)
		}
		if e := ErrorOf(c.err); e == nil || e.Code != EINVALID || e.Field != c.want[0] {
			t.Errorf("%s: ErrorOf gives %v, want the first", c.name, e)
		}
	}
}

func TestErrorsAsOneError(t *testing.T) {
	var errs Errors
	if errs.Err() != nil {
		t.Error("no errors is not nil")
	}
	errs.Add(nil)
	one := Invalid("a", "is required")
	errs.Add(one)
	if errs.Err() != one {
		t.Errorf("one error comes back as %T", errs.Err())
	}
	errs.Add(Invalid("b", "must be at most %d characters (got %d)", 3, 4))
	err := fmt.Errorf("app: %w", errs.Err())
	if ErrorCode(err) != EINVALID || !errors.Is(err, one) || len(ErrorsOf(err)) != 2 {
		t.Errorf("wrapped Errors: code %s, %d errors", ErrorCode(err), len(ErrorsOf(err)))
	}
	if want := "invalid: a: is required; invalid: b: must be at most 3 characters (got 4)"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("text %q", err.Error())
	}
	e := ErrorsOf(err)[1]
	if e.Format != "must be at most %d characters (got %d)" || !slices.Equal(e.Args, []any{3, 4}) {
		t.Errorf("format %q args %v", e.Format, e.Args)
	}
	r := Reasonf("%q is not a number", "x")
	if r.Error() != `"x" is not a number` || ErrorOf(r) == nil || ErrorOf(r).Format != "%q is not a number" {
		t.Errorf("Reasonf: %q, %v", r.Error(), ErrorOf(r))
	}
}

func mustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
