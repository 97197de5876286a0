// Package model holds luoshi's domain types and rules: units, people, meetings,
// measures and their derived status. It does no I/O.
package model

import (
	"errors"
	"fmt"
	"time"
)

// Error codes shared by every layer; each is mapped to an HTTP status and a CLI
// exit code in exactly one place (api/errors.go, cmd/luoshi/main.go).
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	EINTERNAL     = "internal"
	// ETOOMANY refuses a request that came too often (failed sign-ins from
	// one address); RetryAfter says when to come back.
	ETOOMANY = "too_many_requests"
	// ETOOLARGE refuses a request body over its limit, whatever it holds.
	ETOOLARGE = "too_large"
)

// Error is the one error type the application returns to its users. Field names
// the input that was wrong, so forms and API clients can point at it.
type Error struct {
	Code    string
	Field   string
	Message string
	// RetryAfter is how long to wait before trying again (ETOOMANY).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an Error with a code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid builds a validation error naming the field and the reason.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, or EINTERNAL for any
// other error, so unexpected failures are never shown as the user's fault.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorOf returns the *Error inside err, or nil.
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// WithField names the input an error is about (a conflict on a code).
func (e *Error) WithField(field string) *Error {
	e.Field = field
	return e
}
