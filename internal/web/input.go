package web

import (
	"net/http"
	"strings"

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
	for _, name := range wildcards(pattern) {
		if err := model.CheckInput(name, r.PathValue(name)); err != nil {
			return err
		}
	}
	for _, values := range []map[string][]string{r.URL.Query(), r.PostForm} {
		for k, vs := range values {
			if p := model.TextProblem(k); p != "" {
				return model.Invalid("", "a parameter's name %s", p)
			}
			if k == "next" {
				continue
			}
			for _, v := range vs {
				if err := model.CheckInput(k, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// wildcards lists the names of a ServeMux pattern's wildcards:
// "/measures/{code}/edit" → code.
func wildcards(pattern string) []string {
	var out []string
	for _, seg := range strings.Split(pattern, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "...")
			if name != "$" {
				out = append(out, name)
			}
		}
	}
	return out
}
