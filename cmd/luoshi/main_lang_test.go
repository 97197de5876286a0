package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestCLIMessagesByLang prints an invalid-input error as the terminal's
// locale asks: Chinese under a zh LANG, with the field's label and the
// wrapping context; English otherwise, unchanged.
func TestCLIMessagesByLang(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh-CN"},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"},
		{map[string]string{"LC_MESSAGES": "zh_TW"}, "zh-CN"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{nil, "en"},
	} {
		if got := cliLang(env(c.env)); got != c.want {
			t.Errorf("cliLang(%v) = %q, want %q", c.env, got, c.want)
		}
	}
	var errs model.Errors
	errs.Add(model.Invalid("percent", "must be between 0 and 100"))
	errs.Add(model.Invalid("due", "is required"))
	err := fmt.Errorf("import: %w", errs.Err())
	zh := cliMessage("zh-CN", err)
	if zh != "import: 完成百分比：应在 0 到 100 之间；截止日期：必填" {
		t.Errorf("zh-CN: %q", zh)
	}
	if en := cliMessage("en", err); en != err.Error() || !strings.Contains(en, "must be between 0 and 100") {
		t.Errorf("en: %q", en)
	}
}
