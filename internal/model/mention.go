package model

import (
	"sort"
	"strings"
)

// Mentions are the accounts a comment names with an at sign, by username
// or by display name (@chenguoqiang, @陈国强), each once and sorted. The
// author and disabled accounts are left out; a longer name wins over one
// it contains (@王小明 is not also @王小).
func Mentions(text, author string, accounts []Account) []string {
	if !strings.Contains(text, "@") && !strings.Contains(text, "＠") {
		return nil
	}
	text = strings.ReplaceAll(text, "＠", "@")
	type handle struct{ at, user string }
	var hs []handle
	for _, a := range accounts {
		if a.Disabled || a.Username == author {
			continue
		}
		hs = append(hs, handle{"@" + a.Username, a.Username})
		if a.Name != "" {
			hs = append(hs, handle{"@" + a.Name, a.Username})
		}
	}
	sort.Slice(hs, func(i, j int) bool { return len(hs[i].at) > len(hs[j].at) })
	set := map[string]bool{}
	for _, h := range hs {
		if strings.Contains(text, h.at) {
			set[h.user] = true
			text = strings.ReplaceAll(text, h.at, "")
		}
	}
	out := make([]string, 0, len(set))
	for u := range set {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// Mention is a comment that names the reader, with its measure's title and
// whether the reader has seen it (opened the measure since).
type Mention struct {
	Comment
	MeasureTitle string `json:"measure_title"`
	Seen         bool   `json:"seen"`
}

// MaxMentions is how many mentions a list shows at most, newest first.
const MaxMentions = 200
