// Package layers holds one test: the import graph follows the layering of
// STYLE.md, so a page or an API handler that reaches for the store, or a
// pure package that grows an import of ours, fails here rather than in a
// review months later.
package layers

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/luoshi-edu/luoshi/"

// allowed lists, for each package of ours, the packages of ours it may
// import directly. Dependencies point one way: cmd → everything; the faces
// (web, api), the jobs (schedule) and the document makers (xlsx, report)
// → app → model and store; store → model and search; model, decompose,
// search and the small leaf packages import nothing of ours. The faces
// render documents, so web may call xlsx and report; i18n renders model's
// errors in the reader's language, and report writes its words from it;
// nothing but app (and
// the tools that build or inspect a database: bench, apptest, cmd) imports
// store.
var allowed = map[string][]string{
	"internal/model":               {},
	"internal/decompose":           {},
	"internal/decompose/gen":       {"internal/decompose"}, // go generate: trains the theme model
	"internal/speechfile":          {"internal/model"},
	"internal/search":              {},
	"internal/i18n":                {"internal/model"},
	"internal/auth":                {},
	"internal/origin":              {},
	"internal/metrics":             {},
	"internal/sso":                 {},
	"internal/sso/ssotest":         {},
	"internal/channel":             {"internal/model"},
	"internal/channel/channeltest": {},
	"internal/store":               {"internal/model", "internal/search", "internal/metrics"},
	"internal/app":                 {"internal/model", "internal/store", "internal/decompose", "internal/speechfile", "internal/search", "internal/auth", "internal/sso", "internal/channel", "internal/i18n"},
	"internal/api":                 {"internal/app", "internal/model", "internal/speechfile", "internal/i18n", "internal/origin", "internal/submission"},
	"internal/web":                 {"internal/app", "internal/model", "internal/i18n", "internal/origin", "internal/sso", "internal/channel", "internal/report", "internal/xlsx", "internal/submission"},
	"internal/submission":          {"internal/app", "internal/model"},
	"internal/xlsx":                {"internal/app", "internal/model"},
	"internal/report":              {"internal/app", "internal/model", "internal/i18n", "internal/xlsx"},
	"internal/demo":                {"internal/app", "internal/model"},
	"internal/schedule":            {"internal/app", "internal/metrics"},
	"internal/server":              {"internal/api", "internal/app", "internal/metrics", "internal/origin", "internal/web"},
	"internal/bench":               {"internal/app", "internal/auth", "internal/model", "internal/server", "internal/store"},
	"internal/apptest":             {"internal/app", "internal/model", "internal/store"},
	"tools/release":                {}, // go run ./tools/release: the release binaries
	// upgradefixtures builds the demo and copies it into earlier schemas.
	"tools/upgradefixtures": {"internal/app", "internal/demo", "internal/store"},
}

// free packages may import anything of ours: the binary wires everything.
var free = []string{"cmd/luoshi"}

func TestImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := 0
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		pkg, ok := strings.CutPrefix(f[0], module)
		if !ok || slices.Contains(free, pkg) || pkg == "internal/layers" || strings.HasPrefix(pkg, "e2e") {
			continue
		}
		may, known := allowed[pkg]
		if !known {
			t.Errorf("%s is not in the layering table: add it to allowed with the imports STYLE.md lets it have", pkg)
			continue
		}
		seen++
		for _, imp := range f[1:] {
			ours, ok := strings.CutPrefix(imp, module)
			if ok && !slices.Contains(may, ours) {
				t.Errorf("%s imports %s, which the layering forbids", pkg, ours)
			}
		}
	}
	if seen < len(allowed)/2 {
		t.Fatalf("go list named only %d of our packages:\n%s", seen, out)
	}
}
