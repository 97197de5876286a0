package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password rules for local accounts (MLPS 2.0 asks for "complexity" and
// regular change; these are the numbers its assessors accept): at least
// MinPasswordLen characters drawn from at least three of four classes
// (lower case, upper case, digits, anything else), or a passphrase of at
// least PassphraseLen characters of any kind; never the username inside it,
// never one of the common passwords below.
const (
	MinPasswordLen = 10
	PassphraseLen  = 16
	MaxPasswordLen = 256
)

// Rules a new password can break; the UI names them in the reader's language.
const (
	RuleLength   = "length"
	RuleTooLong  = "too_long"
	RuleClasses  = "classes"
	RuleUsername = "username"
	RuleCommon   = "common"
)

// RuleError says which password rule a new password breaks.
type RuleError struct {
	Rule    string
	Message string
}

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is the embedded list, lower-cased.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckPasswordRules returns the first rule password breaks for an account
// named username, or nil.
func CheckPasswordRules(username, password string) *RuleError {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return &RuleError{RuleLength, "must be at least 10 characters"}
	}
	if n > MaxPasswordLen {
		return &RuleError{RuleTooLong, "must be at most 256 characters"}
	}
	if n < PassphraseLen && classes(password) < 3 {
		return &RuleError{RuleClasses, "must mix three of: lower-case letters, upper-case letters, digits, symbols (or be a passphrase of 16 characters or more)"}
	}
	lower := strings.ToLower(password)
	if u := strings.ToLower(strings.TrimSpace(username)); len(u) >= 3 && strings.Contains(lower, u) {
		return &RuleError{RuleUsername, "must not contain the username"}
	}
	if commonPasswords[lower] {
		return &RuleError{RuleCommon, "is one of the most common passwords"}
	}
	return nil
}

// classes counts the kinds of character in s: lower case, upper case,
// digits, and anything else (punctuation, spaces, Chinese characters).
func classes(s string) int {
	var lower, upper, digit, other int
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}
