package i18n

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// errorFormat is one message id found in the code, and where.
type errorFormat struct {
	key, pos string
	// phrase is an argument of forbidden(…), which "not allowed to %s"
	// prints: its verbs may be fewer than the key's (a prefix match).
	phrase bool
}

// scanErrorFormats walks the Go sources under internal/ and cmd/ and
// returns every literal message given to model.Invalid, model.Errorf
// (Invalid and Errorf inside package model), app's forbidden and refuse,
// and every literal Message of a &model.Error{…}. A non-literal format is
// reported by bad, except a forwarded parameter named format.
func scanErrorFormats(t *testing.T) []errorFormat {
	t.Helper()
	var out []errorFormat
	fset := token.NewFileSet()
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			pkg := f.Name.Name
			add := func(e ast.Expr, phrase bool) {
				pos := fset.Position(e.Pos()).String()
				switch e := e.(type) {
				case *ast.BasicLit:
					s, _ := strconv.Unquote(e.Value)
					out = append(out, errorFormat{s, pos, phrase})
					return
				case *ast.Ident:
					if e.Name == "format" {
						return
					}
				case *ast.BinaryExpr: // "give problem " + code + " to another unit"
					if s, ok := concatFormat(e); ok {
						out = append(out, errorFormat{s, pos, phrase})
						return
					}
				case *ast.CallExpr: // fmt.Sprintf("see the evidence of %s", …)
					if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(e.Args) > 0 {
						if l, ok := e.Args[0].(*ast.BasicLit); ok {
							s, _ := strconv.Unquote(l.Value)
							out = append(out, errorFormat{s, pos, phrase})
							return
						}
					}
				}
				t.Errorf("%s: an error message that is not a literal cannot be translated", pos)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					name := ""
					switch fn := n.Fun.(type) {
					case *ast.Ident:
						name = pkg + "." + fn.Name
					case *ast.SelectorExpr:
						if x, ok := fn.X.(*ast.Ident); ok {
							name = x.Name + "." + fn.Sel.Name
						}
					}
					switch name {
					case "model.Reasonf":
						if len(n.Args) > 0 {
							add(n.Args[0], false)
						}
					case "model.Invalid", "model.Errorf":
						if len(n.Args) > 1 {
							add(n.Args[1], false)
						}
					case "app.forbidden":
						if len(n.Args) > 0 {
							add(n.Args[0], true)
						}
					case "app.bad", "app.rowError", "xlsx.reasonf": // a sheet row's problem
						if i := map[string]int{"app.bad": 1, "app.rowError": 2, "xlsx.reasonf": 2}[name]; len(n.Args) > i {
							add(n.Args[i], false)
						}
					case "app.badAt":
						if len(n.Args) > 2 {
							add(n.Args[2], false)
						}
					case "app.refuse":
						if len(n.Args) > 3 {
							add(n.Args[3], false)
						}
					}
				case *ast.CompositeLit:
					if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && fmt.Sprint(sel.X) == "model" ||
						pkg == "model" && fmt.Sprint(n.Type) == "Error" {
						for _, el := range n.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok && fmt.Sprint(kv.Key) == "Message" {
								if _, ok := kv.Value.(*ast.CallExpr); !ok { // i18n.T(…): translated already
									add(kv.Value, false)
								}
							}
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// concatFormat is the format a concatenation of literals and values
// reads as, each value a %s ("change measure " + code → "change measure
// %s"); ok is false when no part is a literal.
func concatFormat(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "%s", false
		}
		x, okx := concatFormat(e.X)
		y, oky := concatFormat(e.Y)
		return x + y, okx || oky
	}
	return "%s", false
}

// TestErrorCatalog fails when an error message in the code has no zh-CN
// translation, when a translation prints other arguments than the English
// (verbs by argument index), or when it holds English words.
func TestErrorCatalog(t *testing.T) {
	formats := scanErrorFormats(t)
	if len(formats) < 300 {
		t.Fatalf("found only %d error messages: has the call pattern changed?", len(formats))
	}
	zh := ErrorKeys("zh-CN")
	seen := map[string]bool{}
	for _, f := range formats {
		if seen[f.key] {
			continue
		}
		seen[f.key] = true
		tr, ok := zh[f.key]
		if !ok {
			t.Errorf("%s: %q has no zh-CN translation in catalogs/errors/zh-CN.json", f.pos, f.key)
			continue
		}
		if a, b := Verbs(f.key), Verbs(tr); !slices.Equal(a, b) {
			t.Errorf("%q: the zh-CN %q prints %v, the English %v", f.key, tr, b, a)
		}
	}
	for k, tr := range zh {
		if w := LatinWords(tr); len(w) > 0 {
			t.Errorf("zh-CN %q → %q holds English words %q", k, tr, w)
		}
		if strings.ContainsAny(tr, ",;:?!()") && !strings.Contains(k, "%") && strings.ContainsAny(tr, ",;") {
			t.Errorf("zh-CN %q → %q: use full-width punctuation", k, tr)
		}
	}
}

func TestLatinWords(t *testing.T) {
	for msg, want := range map[string][]string{
		"必填": nil,
		"“%s” 不是形如 2024H2-017 的举措编号": nil,
		"must be at most %d":   {"must", "be", "at", "most"},
		"请上传 Excel 文件（%d MB）":  nil,
		"含控制字符 U+%04X，请删除":     nil,
		"%[2]s 的 %[1]d is bad": {"is", "bad"},
	} {
		if got := LatinWords(msg); !slices.Equal(got, want) {
			t.Errorf("LatinWords(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestVerbs(t *testing.T) {
	for f, want := range map[string][]string{
		"no verbs":             nil,
		"100%% of %d":          {"d"},
		"%s–%s overlaps %q %v": {"s", "s", "q", "v"},
		"%[2]d 之 %[1]s":        {"s", "d"},
		"U+%04X and %-5.2f":    {"X", "f"},
	} {
		if got := Verbs(f); !slices.Equal(got, want) {
			t.Errorf("Verbs(%q) = %q, want %q", f, got, want)
		}
	}
}

// TestErrorRendering renders errors of ours in both languages: arguments
// that are phrases, field names and nested errors are translated, quoted
// values are not, and a model.Errors renders every message.
func TestErrorRendering(t *testing.T) {
	saved := errorCatalogs["zh-CN"]
	t.Cleanup(func() { errorCatalogs["zh-CN"] = saved })
	t.Cleanup(func() { phraseCache.Clear() })
	phraseCache.Clear()
	errorCatalogs["zh-CN"] = map[string]string{
		"must be between 0 and 100":     "须在 0 到 100 之间",
		"not allowed to %s":             "无权%s",
		"change measure %s":             "修改举措 %s",
		"edit measures":                 "编辑举措",
		"%s is empty":                   "%s为空",
		"%q is not a valid date":        "“%q”不是有效日期",
		"date: %v":                      "日期：%v",
		"only the office may change %s": "只有党政办可以修改“%s”",
		"%s is %s":                      "%s 当前为“%s”",
		"draft %d":                      "第 %d 条待确认举措",
		"accepted":                      "已通过",
	}
	var errs model.Errors
	errs.Add(model.Invalid("percent", "must be between 0 and 100"))
	errs.Add(model.Invalid("due", "%q is not a valid date", "edit measures"))
	for _, c := range []struct {
		err    error
		zh, en string
	}{
		{model.Invalid("percent", "must be between 0 and 100"), "须在 0 到 100 之间", "must be between 0 and 100"},
		{model.Errorf(model.EFORBIDDEN, "not allowed to %s", "edit measures"), "无权编辑举措", "not allowed to edit measures"},
		{model.Errorf(model.EFORBIDDEN, "not allowed to %s", "change measure 2024H2-001"), "无权修改举措 2024H2-001", "not allowed to change measure 2024H2-001"},
		{model.Errorf(model.EFORBIDDEN, "not allowed to %s", "fly"), "无权fly", "not allowed to fly"},
		{model.Invalid("due", "%s is empty", "due"), "截止日期为空", "due is empty"},
		{model.Invalid("x", "%s is empty", "due"), "截止日期为空", "due is empty"},
		{fmt.Errorf("web: %w", errs.Err()), "须在 0 到 100 之间；“\"edit measures\"”不是有效日期", "must be between 0 and 100; \"edit measures\" is not a valid date"},
		{model.Invalid("d", "date: %v", model.Invalid("d", "must be between 0 and 100")), "日期：须在 0 到 100 之间", "date: must be between 0 and 100"},
		{errors.New("disk full"), "disk full", "disk full"},
		{model.Errorf(model.ECONFLICT, "%s is %s", &model.Draft{Seq: 3}, "accepted"), "第 3 条待确认举措 当前为“已通过”", "draft 3 is accepted"},
		{&model.Error{Code: model.EFORBIDDEN, Field: "due", Message: "only the office may change due"}, "只有党政办可以修改“截止日期”", "only the office may change due"},
	} {
		if got := Error("zh-CN", c.err); got != c.zh {
			t.Errorf("zh-CN: %v → %q, want %q", c.err, got, c.zh)
		}
		if got := Error("en", c.err); got != c.en {
			t.Errorf("en: %v → %q, want %q", c.err, got, c.en)
		}
	}
	if got := len(model.ErrorsOf(fmt.Errorf("x: %w", errs.Err()))); got != 2 {
		t.Errorf("ErrorsOf found %d errors, want 2", got)
	}
	if e := model.ErrorOf(errs.Err()); e == nil || e.Field != "percent" {
		t.Errorf("ErrorOf(Errors) = %v, want the first", e)
	}
}

func TestFieldPath(t *testing.T) {
	for in, want := range map[string]string{
		"milestones[0].title":  "第1个节点的标题",
		"cooperating_units[1]": "第2个配合单位",
		"agenda[2].text":       "第3个议程的内容",
		"agenda[x].text":       "",
		"agenda[0].nosuch":     "",
		"nosuch[0]":            "",
		"title":                "",
	} {
		got, ok := fieldPath("zh-CN", in)
		if got != want || ok != (want != "") {
			t.Errorf("fieldPath(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
}
