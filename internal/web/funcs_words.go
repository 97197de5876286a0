package web

import (
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/report"
)

// wordFunc is the template function {{word "judgement" .Judgement}}: a
// stored value named by the catalog's one entry for it, the same word the
// documents print.
func wordFunc(lang string) func(group, value string) string {
	return func(group, value string) string { return report.Word(lang, group, value) }
}

// nextMeasuresFunc is {{nextMeasures $r.Period}}: the heading of a
// report's last section, the next half-year's measures.
func nextMeasuresFunc(lang string) func(period string) string {
	return func(period string) string { return i18n.T(lang, report.NextMeasuresKey(period)) }
}
