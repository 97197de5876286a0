package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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

// AuditCheck is the result of verifying the audit chain.
type AuditCheck struct {
	Events      int64  // events in the chain
	First, Last int64  // their seq range; 0 and 0 when there are none
	Anchor      string // the first event's prev_hash
	// PurgedBy is the seq of the retention purge's event that recorded
	// removing the events before First (0 when First is 1 or none did).
	PurgedBy int64
	Broken   *AuditBreak // nil when the chain is intact
}

// AuditBreak is the first broken link VerifyAudit found.
type AuditBreak struct {
	Seq int64 // where the chain breaks (0 when no event can be named)
	ID  int64 // that event's id
	// Kind says what does not match: "hash" (the event's content is not
	// what its hash was made of), "prev_hash" (it does not point at the
	// event before), "gap" (events are missing before it), "unsealed" (an
	// event outside the chain), "head" (events are missing at the end),
	// "anchor" (events are missing at the start, not removed by a purge).
	Kind   string
	Detail string // in English, for the CLI and the log
}

// AuditPurge is what one retention purge removed: the events FromSeq to
// ThroughSeq, Deleted of them, the last with hash LastHash, which is the
// prev_hash of the first event kept and so the anchor verification starts
// from. Before is the cutoff: every event removed was written before it.
type AuditPurge struct {
	Deleted       int64  `json:"deleted"`
	FromSeq       int64  `json:"from_seq"`
	ThroughSeq    int64  `json:"through_seq"`
	LastHash      string `json:"last_hash"`
	Before        string `json:"before"`
	RetentionDays int    `json:"retention_days"`
}

// The retention purge's own event: action "purge" on entity "audit",
// "retention", with AuditPurge as its after.
const (
	AuditPurgeAction   = "purge"
	AuditPurgeEntity   = "audit"
	AuditPurgeEntityID = "retention"
)

// Intact reports whether every link held.
func (c AuditCheck) Intact() bool { return c.Broken == nil }

// String is the check's result in a sentence or two, as luoshi audit
// verify prints it.
func (c AuditCheck) String() string {
	if c.Broken != nil {
		return fmt.Sprintf("audit chain broken: %s\n(%d events checked)", c.Broken.Detail, c.Events)
	}
	if c.Events == 0 {
		return "audit chain intact: 0 events"
	}
	s := fmt.Sprintf("audit chain intact: %d events (seq %d–%d)", c.Events, c.First, c.Last)
	if c.First > 1 {
		s += fmt.Sprintf("\nevents before seq %d were removed by the retention purge (recorded at seq %d); the chain is anchored at seq %d's prev_hash %s",
			c.First, c.PurgedBy, c.First, c.Anchor)
	}
	return s
}
