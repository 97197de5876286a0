package web

import (
	"fmt"
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// auditExport downloads the audit events of a date range for auditors
// (office, admin): one row per event with its place in the chain, and a
// second sheet with the chain's verification at the time of the export
// and the recipe to recompute a hash. Bad dates are a 422 naming the field.
// The rows stream from the database into the workbook (which spools them to
// a temporary file), and one export is bounded to app.MaxAuditExport
// events: a longer range is refused, before anything is written, with a
// message to choose a shorter one.
func (h *handler) auditExport(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	lang := i18n.Lang(acct.Lang)
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	lab := xlsx.AuditLabels{Events: i18n.T(lang, "audit.sheet_events"), Check: i18n.T(lang, "audit.sheet_check")}
	for _, c := range xlsx.AuditColumns {
		lab.Columns = append(lab.Columns, i18n.T(lang, "audit.col_"+c))
	}
	aw, err := xlsx.NewAuditWriter(lab, h.a.Location)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer aw.Close()
	c, err := h.a.AuditExport(r.Context(), acct, from, to, aw.Add)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	result := i18n.T(lang, "audit.intact")
	if c.Broken != nil {
		result = i18n.T(lang, "audit.broken") + ": " + c.Broken.Detail
	}
	check := [][2]string{
		{i18n.T(lang, "audit.verified_at"), h.a.Now().In(h.a.Location).Format("2006-01-02 15:04:05 MST")},
		{i18n.T(lang, "audit.result"), result},
		{i18n.T(lang, "audit.summary"), c.String()},
		{i18n.T(lang, "audit.events"), fmt.Sprint(c.Events)},
		{i18n.T(lang, "audit.seq_range"), fmt.Sprintf("%d–%d", c.First, c.Last)},
		{i18n.T(lang, "audit.anchor"), c.Anchor},
		{i18n.T(lang, "audit.range"), from + " – " + to},
		{i18n.T(lang, "audit.exported"), fmt.Sprint(aw.Rows())},
		{i18n.T(lang, "audit.genesis"), model.GenesisHash},
		{i18n.T(lang, "audit.recipe"), auditRecipe},
	}
	hd := w.Header()
	name := "audit-" + from + "-" + to + ".xlsx"
	hd.Set("Content-Type", xlsxType)
	hd.Set("Content-Disposition", app.ContentDispositionAs("", name))
	hd.Set("Cache-Control", "no-store")
	if err := aw.Finish(w, check); err != nil {
		// The header is sent: all that is left is to log it.
		h.a.Log.Error("web: audit export", "err", err, "request_id", r.Header.Get("X-Request-Id"))
	}
}

// auditRecipe is model.AuditHash's encoding in a sentence, for the
// auditors who recompute the hashes from the sheet.
const auditRecipe = "hash = lower-case hex of SHA-256 over N(prev_hash) N(seq) N(at_ms) N(actor) N(action) N(entity) N(entity_id) N(before) N(after), " +
	"where N(x) = the byte length of x's UTF-8 in decimal, then \":\", then x, then \",\"; seq and at_ms in decimal; " +
	"prev_hash of seq 1 is 64 zeros. A cell cut at 32,000 characters says so; its event is checked against the database with luoshi audit verify."
