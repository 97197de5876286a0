package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// checkURL refuses a request whose path values or query parameters hold
// text no field may hold (model.CheckInput), naming the one that does,
// before any handler reads them: on PostgreSQL a filter with %00 or %FF
// failed in the database as a 500.
func checkURL(r *http.Request, pattern string) error {
	if err := model.CheckPathValues(pattern, r.PathValue); err != nil {
		return err
	}
	return model.CheckParams(r.URL.Query())
}

// unfitJSON refuses a decoded body holding a string no text may hold,
// naming its field as the model does ("milestones[0].title"). It reads the
// raw body because encoding/json hides the problem: it turns invalid UTF-8
// and lone surrogate escapes ("\ud800") into U+FFFD. A NUL (\u0000) it
// keeps, and PostgreSQL refuses. The body is one that decoded, so it is
// well-formed JSON.
func unfitJSON(body []byte) error {
	if utf8.Valid(body) && !bytes.Contains(body, []byte(`\u`)) {
		return nil
	}
	w := jsonWalk{b: body}
	if field, problem := w.value(""); problem != "" {
		if field == "" {
			return model.Invalid("", "a key %s", problem)
		}
		return model.Invalid(field, "%s %s", field, problem)
	}
	return nil
}

// jsonWalk walks a well-formed JSON document, keeping the path to where it is.
type jsonWalk struct {
	b []byte
	i int
}

// value walks the value at the walk's position, found at path, and returns
// the path and the problem of the first unfit string in it, if any.
func (w *jsonWalk) value(path string) (field, problem string) {
	w.space()
	if w.i >= len(w.b) {
		return "", ""
	}
	switch w.b[w.i] {
	case '{':
		w.i++
		for {
			w.space()
			if w.i >= len(w.b) || w.b[w.i] == '}' {
				w.i++
				return "", ""
			}
			if w.b[w.i] == ',' {
				w.i++
				continue
			}
			key, problem := w.str()
			if problem != "" {
				return path, problem
			}
			w.space()
			if w.i < len(w.b) && w.b[w.i] == ':' {
				w.i++
			}
			if path != "" {
				key = path + "." + key
			}
			if f, p := w.value(key); p != "" {
				return f, p
			}
		}
	case '[':
		w.i++
		for n := 0; ; {
			w.space()
			if w.i >= len(w.b) || w.b[w.i] == ']' {
				w.i++
				return "", ""
			}
			if w.b[w.i] == ',' {
				w.i++
				n++
				continue
			}
			if f, p := w.value(fmt.Sprintf("%s[%d]", path, n)); p != "" {
				return f, p
			}
		}
	case '"':
		if _, p := w.str(); p != "" {
			return path, p
		}
	default: // a number, true, false or null
		for w.i < len(w.b) && !strings.ContainsRune(",]} \t\r\n", rune(w.b[w.i])) {
			w.i++
		}
	}
	return "", ""
}

func (w *jsonWalk) space() {
	for w.i < len(w.b) && strings.ContainsRune(" \t\r\n", rune(w.b[w.i])) {
		w.i++
	}
}

// str reads the string literal at the walk's position: its value, as
// encoding/json reads it, and what makes it unfit, if anything.
func (w *jsonWalk) str() (value, problem string) {
	start := w.i
	w.i++ // the opening quote
	for w.i < len(w.b) && w.b[w.i] != '"' {
		c := w.b[w.i]
		switch {
		case c == '\\' && w.i+1 < len(w.b) && w.b[w.i+1] == 'u':
			r := w.hex(w.i + 2)
			w.i += 6
			switch {
			case r == 0:
				problem = model.TextProblem("\x00")
			case r >= 0xDC00 && r < 0xE000:
				problem = fmt.Sprintf("holds %s, half of a UTF-16 surrogate pair without its first half, which is not a character", fmt.Sprintf(`\u%04x`, r))
			case r >= 0xD800 && r < 0xDC00:
				if next := w.hex(w.i + 2); w.i+1 < len(w.b) && w.b[w.i] == '\\' && w.b[w.i+1] == 'u' && next >= 0xDC00 && next < 0xE000 {
					w.i += 6
				} else {
					problem = fmt.Sprintf("holds %s, half of a UTF-16 surrogate pair without its second half, which is not a character", fmt.Sprintf(`\u%04x`, r))
				}
			}
		case c == '\\':
			w.i += 2
		case c < utf8.RuneSelf:
			w.i++
		default:
			r, n := utf8.DecodeRune(w.b[w.i:])
			if r == utf8.RuneError && n == 1 {
				problem = model.TextProblem(string(w.b[w.i : w.i+1]))
			}
			w.i += n
		}
		if problem != "" {
			return "", problem
		}
	}
	w.i++ // the closing quote
	raw := w.b[start:min(w.i, len(w.b))]
	if len(raw) < 2 {
		return "", ""
	}
	if !bytes.ContainsRune(raw, '\\') {
		return string(raw[1 : len(raw)-1]), ""
	}
	json.Unmarshal(raw, &value)
	return value, ""
}

// hex reads the four hex digits of a \u escape at i, or -1.
func (w *jsonWalk) hex(i int) rune {
	if i+4 > len(w.b) {
		return -1
	}
	n, err := strconv.ParseUint(string(w.b[i:i+4]), 16, 16)
	if err != nil {
		return -1
	}
	return rune(n)
}
