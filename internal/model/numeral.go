package model

import (
	"fmt"
	"strings"
)

// ChineseNumber writes 1–9999 as Chinese lists and documents number
// things: 一, 十, 十一 (not 一十一), 一百零一, 九千九百九十九; other numbers
// in digits.
func ChineseNumber(n int) string {
	if n <= 0 || n > 9999 {
		return fmt.Sprint(n)
	}
	digits := []rune("零一二三四五六七八九")
	units := []string{"千", "百", "十", ""}
	var b strings.Builder
	zero := false
	for i, p := range []int{1000, 100, 10, 1} {
		d := n / p % 10
		switch {
		case d == 0:
			zero = b.Len() > 0
		default:
			if zero {
				b.WriteRune('零')
				zero = false
			}
			if !(d == 1 && p == 10 && b.Len() == 0) {
				b.WriteRune(digits[d])
			}
			b.WriteString(units[i])
		}
	}
	return b.String()
}
