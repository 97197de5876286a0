package model

import (
	"slices"
	"testing"
)

func TestMentions(t *testing.T) {
	accts := []Account{
		{Username: "chenguoqiang", Name: "陈国强"},
		{Username: "wangxiao", Name: "王小"},
		{Username: "wangxiaoming", Name: "王小明"},
		{Username: "linxiao", Name: "林晓"},
		{Username: "gone", Name: "离职", Disabled: true},
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"请@陈国强 阅示", []string{"chenguoqiang"}},
		{"＠陈国强、@wangxiaoming 请关注", []string{"chenguoqiang", "wangxiaoming"}},
		{"@王小明 牵头", []string{"wangxiaoming"}},
		{"@王小 和 @王小明", []string{"wangxiao", "wangxiaoming"}},
		{"@林晓 自己", nil},
		{"@离职 不再提醒", nil},
		{"没有提到任何人 a@b.cn", nil},
	} {
		got := Mentions(c.text, "linxiao", accts)
		if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("Mentions(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
