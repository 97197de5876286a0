package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// setupPage is the set-up checklist (设置向导): what a new institution
// fills in before the office can work, each step done or not, with a link
// to where it is done. The admin and the office see it.
func (h *handler) setupPage(w http.ResponseWriter, r *http.Request) {
	s, err := h.a.Setup(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "setup", h.newPage(r, "setup", "setup.title", &s))
}

// setupFirst sends the admin of an institution that is not ready (no
// units, no office or no leader account yet) from the board to the
// checklist, and reports whether it did. Everyone else, and the admin once
// the institution is ready, gets the board.
func (h *handler) setupFirst(w http.ResponseWriter, r *http.Request) bool {
	if !app.IsAdmin(signedInOf(r).Account) {
		return false
	}
	ready, err := h.a.SetupReady(r.Context())
	if err != nil {
		h.a.Log.Warn("web: set-up check", "err", err)
		return false
	}
	if !ready {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
	}
	return !ready
}
