package app

import (
	"fmt"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestChunks cuts plans into the daily job's transactions: every notice
// once and in order, no chunk past noticeChunk notices or chunkRecipients
// recipients, except a lone notice with more recipients than that, which
// still goes (alone).
func TestChunks(t *testing.T) {
	plan := func(recipients ...int) []plannedNotice {
		out := make([]plannedNotice, len(recipients))
		for i, n := range recipients {
			out[i].notice = model.Notice{Trigger: fmt.Sprint(i), Recipients: make([]string, n)}
		}
		return out
	}
	many := make([]int, 3*noticeChunk+7)
	for i := range many {
		many[i] = 2
	}
	heavy := make([]int, 250)
	for i := range heavy {
		heavy[i] = 25 // 241 notices of 25 pass chunkRecipients
	}
	for _, tc := range []struct {
		name  string
		plan  []plannedNotice
		sizes []int
	}{
		{"none", nil, nil},
		{"one", plan(3), []int{1}},
		{"by notices", plan(many...), []int{noticeChunk, noticeChunk, noticeChunk, 7}},
		{"by recipients", plan(heavy...), []int{chunkRecipients / 25, 250 - chunkRecipients/25}},
		{"one too many", plan(chunkRecipients+1, 1, chunkRecipients, 1), []int{1, 1, 1, 1}},
	} {
		got := chunks(tc.plan)
		var sizes []int
		next := 0
		for _, c := range got {
			sizes = append(sizes, len(c))
			rows := 0
			for _, p := range c {
				if p.notice.Trigger != fmt.Sprint(next) {
					t.Errorf("%s: notice %s where %d was next", tc.name, p.notice.Trigger, next)
				}
				next++
				rows += len(p.notice.Recipients)
			}
			if len(c) > 1 && rows > chunkRecipients {
				t.Errorf("%s: a chunk of %d notices holds %d recipients", tc.name, len(c), rows)
			}
		}
		if fmt.Sprint(sizes) != fmt.Sprint(tc.sizes) || next != len(tc.plan) {
			t.Errorf("%s: chunks of %v (%d notices), want %v (%d)", tc.name, sizes, next, tc.sizes, len(tc.plan))
		}
	}
}
