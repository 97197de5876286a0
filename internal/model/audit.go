package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// GenesisHash is the prev_hash of the first audit event ever written: 64
// zeros, the hash of nothing.
var GenesisHash = strings.Repeat("0", 64)

// AuditHash is an audit event's link in the hash chain: each event carries
// the hash of the one before it, so changing, removing or reordering any
// event breaks every link after it. An auditor can recompute it without
// luoshi, so the encoding is fixed and unambiguous:
//
//	hash = hex(SHA-256( N(prev_hash) N(seq) N(at) N(actor) N(action)
//	                    N(entity) N(entity_id) N(before) N(after) ))
//	N(x) = the byte length of x in decimal, ":", x, ","   (a netstring)
//
// where every field is the text stored in the audit_events column of that
// name, as UTF-8 bytes: seq and at in decimal ASCII ("-" before a negative
// number, no leading zeros), at in milliseconds since 1970-01-01 00:00 UTC,
// prev_hash in lower-case hex (GenesisHash for seq 1), before and after the
// JSON exactly as stored ("" when empty). The length prefixes make the
// encoding injective: no two different events encode alike, whatever
// characters their fields hold. The result is lower-case hex.
func AuditHash(prevHash string, ev AuditEvent) string {
	h := sha256.New()
	var buf []byte
	put := func(s string) {
		buf = strconv.AppendInt(buf[:0], int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
		buf = append(buf, ',')
		h.Write(buf)
	}
	put(prevHash)
	put(strconv.FormatInt(ev.Seq, 10))
	put(strconv.FormatInt(ev.At.UnixMilli(), 10))
	put(ev.Actor)
	put(ev.Action)
	put(ev.Entity)
	put(ev.EntityID)
	put(ev.Before)
	put(ev.After)
	return hex.EncodeToString(h.Sum(nil))
}
