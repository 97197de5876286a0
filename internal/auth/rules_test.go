package auth

import (
	"strings"
	"testing"
)

// TestPasswordRules: length, three classes or a passphrase, no username,
// no common password; each broken rule is named.
func TestPasswordRules(t *testing.T) {
	cases := []struct {
		user, password, rule string
	}{
		{"kjc1", "demo", RuleLength},
		{"kjc1", "secret-pw", RuleLength},
		{"kjc1", "Shrt-9x", RuleLength},
		{"kjc1", "alllowercase", RuleClasses},
		{"kjc1", "lower-and-symbols", ""}, // 17 characters: a passphrase
		{"kjc1", "lowerUPPERonly", RuleClasses},
		{"kjc1", "Lower-and-9", ""},
		{"kjc1", "ab12CD34ef", ""},
		{"kjc1", "落实督办工作Ab2024", ""}, // CJK counts as "other": four classes
		{"kjc1", "落实督办工作要抓紧推进", RuleClasses},
		{"linxiao", "LinXiao-2024", RuleUsername},
		{"linxiao", "my-LINXIAO-pass", RuleUsername},
		{"li", "li-Pass-2024x", ""}, // two-letter usernames are not searched for
		{"kjc1", "P@ssw0rd123", RuleCommon},
		{"kjc1", "password@2024", RuleCommon},
		{"kjc1", "1qaz@WSX3edc", RuleCommon},
		{"kjc1", "Admin@123456", RuleCommon},
		{"kjc1", strings.Repeat("Aa1-", 65), RuleTooLong},
	}
	for _, c := range cases {
		err := CheckPasswordRules(c.user, c.password)
		got := ""
		if err != nil {
			got = err.Rule
			if err.Message == "" {
				t.Errorf("%q: rule %s without a message", c.password, got)
			}
		}
		if got != c.rule {
			t.Errorf("user %q, password %q: rule %q, want %q", c.user, c.password, got, c.rule)
		}
	}
}

// TestCommonListLoaded: the embedded list is read, comments left out.
func TestCommonListLoaded(t *testing.T) {
	if len(commonPasswords) < 150 || commonPasswords["# passwords that meet the length and character rules and are still among the"] {
		t.Errorf("%d common passwords loaded", len(commonPasswords))
	}
}
