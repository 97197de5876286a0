package model

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// What text may hold is one rule for every face and importer. Invalid UTF-8
// is not text; PostgreSQL's text cannot hold a NUL character (SQLite can, and
// then luoshi migrate --from cannot copy it); the other C0 control
// characters show as nothing on a page and break sheets and mail. Tab, CR
// and LF belong in multi-line texts (a detail, a note, a speech) only.

// TextProblem says what makes s unfit to be stored as any text — invalid
// UTF-8 or a NUL character — or "" when nothing does. It is what every
// query parameter, path value, form value and JSON string is checked
// against (CheckInput), so a value no Validate looks at, a filter or a
// comment, is refused with its name rather than failing in the database.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "holds a NUL character (U+0000), which no text may hold"
	}
	return ""
}

// CheckInput refuses a request's value that no text may hold (TextProblem).
// The message names the value too, for the pages that show the message only.
func CheckInput(name, s string) error {
	if p := TextProblem(s); p != "" {
		return Invalid(name, "%s %s", name, p)
	}
	return nil
}

// checkText checks a trimmed multi-line text: fit to store (TextProblem),
// no control characters but tab, CR and LF, and its length in characters.
func checkText(field, s string, min, max int) error {
	return checkChars(field, s, min, max, true)
}

// checkLine is checkText for a one-line text, a name: no tab or line break
// either.
func checkLine(field, s string, min, max int) error {
	return checkChars(field, s, min, max, false)
}

func checkChars(field, s string, min, max int, multiLine bool) error {
	if p := TextProblem(s); p != "" {
		return Invalid(field, "%s", p)
	}
	// A byte below 0x20 is never part of a longer UTF-8 sequence.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20:
		case c == '\t' || c == '\n' || c == '\r':
			if !multiLine {
				return Invalid(field, "must be one line, without tabs or line breaks")
			}
		default:
			return Invalid(field, "holds the control character U+%04X; remove it", c)
		}
	}
	n := utf8.RuneCountInString(s)
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

// CheckPathValues refuses a request whose path values (the wildcards of
// its ServeMux pattern, "/measures/{code}/edit") hold text no field may
// hold, naming the wildcard. value reads one (r.PathValue). Both faces
// call it before any handler reads them.
func CheckPathValues(pattern string, value func(name string) string) error {
	for _, seg := range strings.Split(pattern, "/") {
		name, ok := strings.CutPrefix(seg, "{")
		if !ok {
			continue
		}
		name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "...")
		if name == "$" {
			continue
		}
		if err := CheckInput(name, value(name)); err != nil {
			return err
		}
	}
	return nil
}

// CheckParams refuses query or form parameters whose names or values hold
// text no field may hold, naming the parameter; values of the names in
// skip are left to their readers.
func CheckParams(params map[string][]string, skip ...string) error {
	for k, vs := range params {
		if p := TextProblem(k); p != "" {
			return Invalid("", "a parameter's name %s", p)
		}
		if slices.Contains(skip, k) {
			continue
		}
		for _, v := range vs {
			if err := CheckInput(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}
