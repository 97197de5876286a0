package web

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// keptContent is a page's content rendered once and kept (pageCache), with
// what lets a request for it be answered without touching its bytes again:
// the content's CRC-32 and length, how the CRC of whatever comes before it
// carries over it, and its deflated form, made when first asked for.
//
// A kept page goes out as head + content + tail, where head and tail are
// the layout rendered for the reader (navigation, token, counters). Its
// ETag hashes head and tail with the content's CRC and length; gzipped,
// head and tail go as stored (uncompressed) deflate blocks around the
// content's deflated blocks, in one gzip member whose CRC is combined
// from the three parts' (crc32Shift).
type keptContent struct {
	html  []byte
	crc   uint32
	shift [32]uint32 // the CRC-32 operator for len(html) bytes (crc32Shift)

	once     sync.Once
	deflated []byte // html, deflated, ending in a sync flush (not final)
}

func newKept(html []byte) *keptContent {
	k := &keptContent{html: html, crc: crc32.ChecksumIEEE(html)}
	k.shift = crc32Shift(len(html))
	return k
}

// deflate returns the content's deflate blocks, made once. They end with a
// sync flush on a byte boundary and none is final, so blocks may follow.
func (k *keptContent) deflate() []byte {
	k.once.Do(func() {
		var b bytes.Buffer
		b.Grow(len(k.html) / 4)
		zw, _ := flate.NewWriter(&b, flate.BestSpeed)
		zw.Write(k.html)
		zw.Flush()
		k.deflated = b.Bytes()
	})
	return k.deflated
}

// writeKept sends a kept page: head, the kept content, tail. It answers a
// matching If-None-Match with 304, and a reader that accepts gzip with one
// gzip member (the content's deflated form kept, head and tail stored).
func writeKept(w http.ResponseWriter, r *http.Request, status int, head []byte, k *keptContent, tail []byte) {
	hd := w.Header()
	hd.Add("Vary", "Accept-Encoding")
	if status == http.StatusOK {
		etag := keptETag(head, k, tail)
		hd.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			hd.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		hd.Set("Content-Length", strconv.Itoa(len(head)+len(k.html)+len(tail)))
		w.WriteHeader(status)
		w.Write(head)
		w.Write(k.html)
		w.Write(tail)
		return
	}
	deflated := k.deflate()
	// The gzip header (RFC 1952): magic, deflate, no flags, no time, no
	// extra flags, unknown system.
	gz := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}
	gz = appendStored(gz, head, false)
	var trailer [8]byte
	crc := crc32Apply(&k.shift, crc32.ChecksumIEEE(head)) ^ k.crc
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(len(head)+len(k.html)+len(tail)))
	end := appendStored(nil, tail, true)
	end = append(end, trailer[:]...)
	hd.Set("Content-Encoding", "gzip")
	hd.Set("Content-Length", strconv.Itoa(len(gz)+len(deflated)+len(end)))
	w.WriteHeader(status)
	w.Write(gz)
	w.Write(deflated)
	w.Write(end)
}

// appendStored appends p as stored deflate blocks (RFC 1951 3.2.4), each
// starting on a byte boundary; the last is final if final is set (an empty
// p still makes one block, so a final one is always there).
func appendStored(dst, p []byte, final bool) []byte {
	for {
		n := min(len(p), 0xffff)
		last := n == len(p)
		var hdr byte
		if last && final {
			hdr = 1
		}
		dst = append(dst, hdr, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		dst = append(dst, p[:n]...)
		p = p[n:]
		if last {
			return dst
		}
	}
}

// keptETag names a kept page's bytes: a hash of head and tail, with the
// content's CRC and length standing for the content. It is weak: the
// plain and the gzipped page carry the same one.
func keptETag(head []byte, k *keptContent, tail []byte) string {
	h := fnv.New64a()
	h.Write(head)
	var b [12]byte
	binary.LittleEndian.PutUint32(b[:4], k.crc)
	binary.LittleEndian.PutUint64(b[4:], uint64(len(k.html)))
	h.Write(b[:])
	h.Write(tail)
	return `W/"` + strconv.FormatUint(h.Sum64(), 36) + `"`
}

// etagMatches is If-None-Match's weak comparison (RFC 9110 13.1.2).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	opaque := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == opaque {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: named
// without q=0, or not named and "*" is, without q=0 (RFC 9110 12.5.3).
func acceptsGzip(header string) bool {
	gzip, star := -1, -1 // -1 not named, 0 refused, 1 accepted
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		ok := 1
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if v, found := strings.CutPrefix(q, "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f == 0 {
				ok = 0
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gzip = ok
		case "*":
			star = ok
		}
	}
	if gzip >= 0 {
		return gzip == 1
	}
	return star == 1
}

// crc32Shift returns the operator that carries a CRC-32 (IEEE) over n
// bytes: for any a and b with len(b) == n,
// crc32(a+b) == crc32Apply(op, crc32(a)) ^ crc32(b). An operator is a
// 32×32 bit matrix, column i where bit i goes; the one for n bytes is
// made from the one for a single zero bit by squaring, as zlib's
// crc32_combine does.
func crc32Shift(n int) [32]uint32 {
	var op, even, odd [32]uint32
	for i := range op {
		op[i] = 1 << i
	}
	odd[0] = 0xedb88320 // one zero bit
	for i := 1; i < 32; i++ {
		odd[i] = 1 << (i - 1)
	}
	compose(&even, &odd, &odd)  // two zero bits
	compose(&odd, &even, &even) // four
	for p, q := &even, &odd; n > 0; p, q = q, p {
		compose(p, q, q) // one zero byte, then two, four, …
		if n&1 != 0 {
			compose(&op, p, &op)
		}
		n >>= 1
	}
	return op
}

// crc32Apply applies an operator from crc32Shift to a CRC.
func crc32Apply(op *[32]uint32, v uint32) uint32 {
	var sum uint32
	for i := 0; v != 0; i, v = i+1, v>>1 {
		if v&1 != 0 {
			sum ^= op[i]
		}
	}
	return sum
}

// compose sets dst to a after b (dst may be b).
func compose(dst, a, b *[32]uint32) {
	var out [32]uint32
	for i := range out {
		out[i] = crc32Apply(a, b[i])
	}
	*dst = out
}

// pageCache keeps rendered page content by key. Keys carry the database's
// change counter, so the cache stays right with several servers; it is
// emptied when full rather than tracking use.
type pageCache struct {
	mu sync.Mutex
	m  map[string]*keptContent
}

func (c *pageCache) get(key string) (*keptContent, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// put keeps html under key and returns it as kept.
func (c *pageCache) put(key string, html []byte) *keptContent {
	k := newKept(html)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= 64 {
		c.m = map[string]*keptContent{}
	}
	c.m[key] = k
	return k
}
