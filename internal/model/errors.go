package model

import (
	"errors"
	"strings"
)

// Errors is every problem a validator found in one input, in the order of
// the form's fields, so a form can flag each bad field at once. It is
// never empty when returned as an error (see Err). errors.As and ErrorOf
// find its first Error, so code that handles one error keeps working; ErrorsOf
// gives them all.
type Errors []*Error

// Add appends e when it is not nil, so a validator can write
// errs.Add(check(x)) for each field.
func (es *Errors) Add(e *Error) {
	if e != nil {
		*es = append(*es, e)
	}
}

// AddErr appends err's errors when err is not nil: every Error of an
// Errors, or err itself when it is an Error; any other error is kept as
// it is by Err's caller (AddErr reports false for it).
func (es *Errors) AddErr(err error) bool {
	if err == nil {
		return true
	}
	all := ErrorsOf(err)
	if len(all) == 0 {
		return false
	}
	*es = append(*es, all...)
	return true
}

// Err is es as an error: nil when empty, the one Error when there is one
// (callers comparing a single Error see no change), else es itself.
func (es Errors) Err() error {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return es
}

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "; ")
}

// Unwrap lets errors.Is and errors.As see each Error, the first one first.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// ErrorsOf returns every Error inside err: all of an Errors (also wrapped),
// or the one Error, or nil.
func ErrorsOf(err error) []*Error {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	if e := ErrorOf(err); e != nil {
		return []*Error{e}
	}
	return nil
}

// Reasonf is the reason a value cannot be read — "\"x\" is not a date" —
// for a caller to put after the field it read (Invalid(field, "%v", err)):
// its text is the message alone, with no code, as fmt.Errorf's was, and it
// wraps an EINVALID Error so the faces can translate it (format is the
// message's id in i18n's error catalog, so it must be a literal).
func Reasonf(format string, args ...any) error {
	return reason{Invalid("", format, args...)}
}

// reason is Reasonf's error.
type reason struct{ e *Error }

func (r reason) Error() string { return r.e.Message }
func (r reason) Unwrap() error { return r.e }
