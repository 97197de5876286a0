package web

import (
	"bytes"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestCRC32Shift: the operator for len(b) bytes carries crc32(a) to the
// CRC of a+b, for lengths around every power the squaring goes through.
func TestCRC32Shift(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 7, 8, 255, 256, 4096, 65535, 65536, 200_001} {
		a, b := make([]byte, 1+rng.IntN(100)), make([]byte, n)
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		op := crc32Shift(n)
		got := crc32Apply(&op, crc32.ChecksumIEEE(a)) ^ crc32.ChecksumIEEE(b)
		if want := crc32.ChecksumIEEE(append(a, b...)); got != want {
			t.Errorf("n=%d: combined %08x, want %08x", n, got, want)
		}
	}
}

// TestWriteKept: a kept page goes out plain, gzipped as one member that a
// strict reader checks (CRC and length), or as 304 for its ETag; heads
// and tails longer than one stored block, and empty ones, included.
func TestWriteKept(t *testing.T) {
	content := []byte(strings.Repeat("<tr><td>学科建设</td><td>42</td></tr>\n", 9000))
	k := newKept(content)
	cases := []struct{ head, tail string }{
		{"<html><head></head><body>", "</body></html>"},
		{strings.Repeat("h", 70_000), ""},
		{"", strings.Repeat("尾", 30_000)},
	}
	for i, c := range cases {
		want := c.head + string(content) + c.tail
		get := func(hdr ...string) *http.Response {
			r := httptest.NewRequest("GET", "/", nil)
			for j := 0; j < len(hdr); j += 2 {
				r.Header.Set(hdr[j], hdr[j+1])
			}
			w := httptest.NewRecorder()
			writeKept(w, r, http.StatusOK, []byte(c.head), k, []byte(c.tail))
			return w.Result()
		}
		plain := get()
		body, _ := io.ReadAll(plain.Body)
		etag := plain.Header.Get("ETag")
		if string(body) != want || plain.Header.Get("Content-Encoding") != "" || etag == "" {
			t.Fatalf("case %d: plain page wrong (%d bytes, want %d; etag %q)", i, len(body), len(want), etag)
		}
		for _, ae := range []string{"gzip", "br, gzip;q=0.8", "*"} {
			res := get("Accept-Encoding", ae)
			raw, _ := io.ReadAll(res.Body)
			if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("ETag") != etag {
				t.Fatalf("case %d, %q: not gzipped (%v)", i, ae, res.Header)
			}
			if len(raw) >= len(want)/2 {
				t.Errorf("case %d: gzip is %d bytes for %d", i, len(raw), len(want))
			}
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			zr.Multistream(false)
			got, err := io.ReadAll(zr)
			if err != nil || string(got) != want {
				t.Fatalf("case %d: gzip body decodes to %d bytes (%v), want %d", i, len(got), err, len(want))
			}
			if res.Header.Get("Content-Length") != strconv.Itoa(len(raw)) {
				t.Errorf("case %d: Content-Length %s for %d bytes", i, res.Header.Get("Content-Length"), len(raw))
			}
		}
		for _, ae := range []string{"", "identity", "gzip;q=0", "br", "*;q=1, gzip;q=0", "gzip; q=0.0, *"} {
			if res := get("Accept-Encoding", ae); res.Header.Get("Content-Encoding") != "" {
				t.Errorf("case %d: gzipped for Accept-Encoding %q", i, ae)
			}
		}
		if res := get("If-None-Match", `"x", `+strings.TrimPrefix(etag, "W/")); res.StatusCode != http.StatusNotModified {
			t.Errorf("case %d: If-None-Match with its ETag: %d", i, res.StatusCode)
		} else if b, _ := io.ReadAll(res.Body); len(b) != 0 || res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get("ETag") != etag {
			t.Errorf("case %d: 304 has a body (%d bytes) or lacks the 200's Vary and ETag: %v", i, len(b), res.Header)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	writeKept(w, r, http.StatusOK, []byte(cases[0].head+"x"), k, []byte(cases[0].tail))
	if w.Header().Get("ETag") == "" || w.Header().Get("ETag") == keptETag([]byte(cases[0].head), k, []byte(cases[0].tail)) {
		t.Error("another head has the same ETag")
	}
	r.Header.Set("If-None-Match", keptETag([]byte(cases[0].head), k, []byte(cases[0].tail)))
	w = httptest.NewRecorder()
	writeKept(w, r, http.StatusOK, []byte(cases[0].head+"x"), k, []byte(cases[0].tail))
	if w.Code != http.StatusOK {
		t.Errorf("a stale ETag got %d", w.Code)
	}
}
