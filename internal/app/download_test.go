package app_test

import (
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// TestContentDisposition: every download is named one way — an ASCII
// stand-in (given, or made from the name) and the real name in UTF-8 as
// RFC 6266 and RFC 5987 say, with nothing that could end the header's
// quoted string or add a header.
func TestContentDisposition(t *testing.T) {
	for _, c := range []struct{ ascii, name, want string }{
		{"measures.xlsx", "2024年暑期工作研讨会重点任务分解表.xlsx",
			`attachment; filename="measures.xlsx"; filename*=UTF-8''2024%E5%B9%B4%E6%9A%91%E6%9C%9F%E5%B7%A5%E4%BD%9C%E7%A0%94%E8%AE%A8%E4%BC%9A%E9%87%8D%E7%82%B9%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx`},
		{"", `a"b\c` + "\r\n" + `x.pdf`, `attachment; filename="a_b_c__x.pdf"; filename*=UTF-8''a%22b%5Cc%0D%0Ax.pdf`},
		{"", "验收 材料(1).pdf", `attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E9%AA%8C%E6%94%B6%20%E6%9D%90%E6%96%99%281%29.pdf`},
	} {
		if got := app.ContentDispositionAs(c.ascii, c.name); got != c.want {
			t.Errorf("ContentDispositionAs(%q, %q)\n got %s\nwant %s", c.ascii, c.name, got, c.want)
		}
	}
}
