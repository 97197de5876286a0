package api

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// jsonOf is what writeJSON wrote before measure pages wrote themselves:
// encoding/json without HTML escaping, and a newline.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// tricky are strings whose JSON needs care: quotes, backslashes, every
// control character, HTML's characters (not escaped), invalid UTF-8, the
// line and paragraph separators, Chinese and an emoji.
var tricky = []string{"", "plain", `"quoted" \ back`, "\x00\x01\x07\b\t\n\v\f\r\x1b\x1f\x7f", "<a href='x'>&amp;</a>",
	"bad \xff\xfe utf-8 \xe6\x9c", "line\u2028para\u2029end", "学科建设 落实 ✓ 🎓", "\xed\xa0\x80 surrogate"}

// fill sets every field of v (a pointer to a struct) to a value that is
// not its zero, the strings from tricky by turn: a field added to a type
// is filled too, and the comparison below sees it.
func fill(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2024, 7, 1+*n%28, 9, 30, 15, 123456789*(*n%2), time.UTC)))
			*n++
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.String:
		v.SetString(tricky[*n%len(tricky)])
		*n++
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(int64(19900 + *n*37))
		*n++
	case reflect.Bool:
		v.SetBool(*n%2 == 0)
		*n++
	default:
		panic("fill: " + v.Kind().String())
	}
}

// TestMeasurePageJSON: a measures page writes exactly encoding/json's
// bytes, every field filled, and with the lists empty, nil and absent.
func TestMeasurePageJSON(t *testing.T) {
	n := 0
	var pages []measurePage
	for k := range len(tricky) {
		var p measurePage
		n = k
		fill(reflect.ValueOf(&p).Elem(), &n)
		pages = append(pages, p)
	}
	bare := measurePage{Items: []measureJSON{{}, {CooperatingUnits: []string{}, Milestones: []milestoneJSON{}}}}
	bare.Items[0].Updated = time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600))
	pages = append(pages, bare, measurePage{}, measurePage{Items: []measureJSON{}, NextCursor: "42"})
	for i, p := range pages {
		w := httptest.NewRecorder()
		if err := writeJSON(w, 200, p); err != nil {
			t.Fatal(err)
		}
		want := jsonOf(t, p)
		if got := w.Body.String(); got != want {
			t.Errorf("page %d:\n got %s\nwant %s", i, got, want)
		}
		if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(len(want)) {
			t.Errorf("page %d: Content-Length %s, want %d", i, cl, len(want))
		}
	}
}

// TestAppendJSONString: random bytes and runes quote as encoding/json
// quotes them.
func TestAppendJSONString(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	runes := []rune{0, 0x1f, '"', '\\', '<', 0x7f, 0x80, 0x7ff, 0x800, 0x2028, 0x2029, 0xfffd, 0xffff, 0x10000, 0x10ffff, '中'}
	for range 20000 {
		var b []byte
		for range r.IntN(12) {
			if r.IntN(2) == 0 {
				b = append(b, byte(r.IntN(256)))
			} else {
				b = append(b, string(runes[r.IntN(len(runes))])...)
			}
		}
		want, _ := json.Marshal(string(b))
		want = bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<")), []byte(`\u003e`), []byte(">")), []byte(`\u0026`), []byte("&"))
		if got := appendJSONString(nil, string(b)); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", b, got, want)
		}
	}
}

func BenchmarkMeasurePageJSON(b *testing.B) {
	var p measurePage
	n := 7
	fill(reflect.ValueOf(&p).Elem(), &n)
	for len(p.Items) < 50 {
		p.Items = append(p.Items, p.Items...)
	}
	p.Items = p.Items[:50]
	b.Run("reflection", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(p)
		}
	})
	b.Run("appended", func(b *testing.B) {
		for b.Loop() {
			_ = p.appendJSON(make([]byte, 0, 32<<10))
		}
	})
}
