// Package model holds luoshi's domain types and rules: units, people, meetings,
// measures and their derived status. It does no I/O.
package model

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Error codes shared by every layer; each is mapped to an HTTP status and a CLI
// exit code in exactly one place each (httpStatus below, exitCode in
// cmd/luoshi/main.go).
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
	// EUNAVAILABLE refuses a change the database could not take just now
	// (its shared commit was lost twice); nothing was kept, and RetryAfter
	// says when to try again.
	EUNAVAILABLE = "unavailable"
)

// httpStatus is the one place an error code becomes an HTTP status: the API
// answers with it and the web's error page carries it.
var httpStatus = map[string]int{
	EINVALID:      http.StatusUnprocessableEntity,
	ENOTFOUND:     http.StatusNotFound,
	ECONFLICT:     http.StatusConflict,
	EFORBIDDEN:    http.StatusForbidden,
	EUNAUTHORIZED: http.StatusUnauthorized,
	EINTERNAL:     http.StatusInternalServerError,
	ETOOMANY:      http.StatusTooManyRequests,
	ETOOLARGE:     http.StatusRequestEntityTooLarge,
	EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// HTTPStatus is the HTTP status that answers an error with code; a code
// this table does not know is a 500, like any error that is not ours.
func HTTPStatus(code string) int {
	if s, ok := httpStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// StatusClientGone is what a request whose client left is answered and
// counted with (nginx's 499, "client closed request"): nobody reads it, and
// the access log and /metrics see a 4xx, not a server error.
const StatusClientGone = 499

// ClientGone reports whether a request failed only because its client left:
// its context was cancelled (net/http cancels it when the connection closes)
// and the error would otherwise be a server error — a query interrupted, a
// change abandoned in the queue. It is no fault of the server, so the faces
// log it at debug level and answer StatusClientGone. A real fault that
// happens to strike just as the client leaves is logged quietly too; the
// next request to meet it is logged as usual.
func ClientGone(ctx context.Context, err error) bool {
	return err != nil && errors.Is(ctx.Err(), context.Canceled) && HTTPStatus(ErrorCode(err)) >= 500
}

// ErrorCodes lists every error code, by HTTP status and then by name (the
// API's description enumerates them).
func ErrorCodes() []string {
	codes := make([]string, 0, len(httpStatus))
	for c := range httpStatus {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int { return cmp.Or(httpStatus[a]-httpStatus[b], strings.Compare(a, b)) })
	return codes
}

// Error is the one error type the application returns to its users. Field names
// the input that was wrong, so forms and API clients can point at it.
//
// Format and Args are the message before it is rendered: the English format
// is also the message's id (gettext style), so the faces render it in the
// reader's language from i18n's error catalog (i18n.Error); Message is the
// English rendering, for logs and for readers of English.
type Error struct {
	Code    string
	Field   string
	Message string
	Format  string
	Args    []any
	// RetryAfter is how long to wait before trying again (ETOOMANY,
	// EUNAVAILABLE).
	RetryAfter time.Duration
}

// RetrySeconds is RetryAfter in whole seconds, rounded up, for a
// Retry-After header; 0 when err says nothing of when to come back.
func RetrySeconds(err error) int {
	e := ErrorOf(err)
	if e == nil || e.RetryAfter <= 0 {
		return 0
	}
	return int((e.RetryAfter + time.Second - 1) / time.Second)
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an Error with a code and a formatted message; format is
// the message's id in i18n's error catalog, so it must be a literal.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Invalid builds a validation error naming the field and the reason; format
// is the message's id in i18n's error catalog, so it must be a literal.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
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
