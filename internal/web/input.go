package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// checkInput refuses a signed-in request whose path values, query
// parameters or form values hold text no field may hold
// (model.CheckInput), naming the one that does, before the page's handler
// reads them: on PostgreSQL a filter with %00 or %FF, or a comment with a
// NUL, failed in the database as a 500. It runs after wrap has parsed the
// form. "next" is left to localPath, which sends anything odd to "/"; it
// is an address, never stored.
func checkInput(r *http.Request, pattern string) error {
	if err := model.CheckPathValues(pattern, r.PathValue); err != nil {
		return err
	}
	if err := model.CheckParams(r.URL.Query(), "next"); err != nil {
		return err
	}
	return model.CheckParams(r.PostForm, "next")
}
