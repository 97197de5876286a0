// Package auth holds sign-in mechanics: password hashes and session tokens.
// Who may do what is decided in app/permission.go.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: of OWASP's minimum settings, which it rates as
// equally strong and which trade memory for passes (19 MiB × 2 passes, 12
// × 3, 9 × 4, 7 × 5), the one with the least memory. A hash costs the same
// CPU as with 19 MiB, but two sign-ins at once (argonSlots) hold 14 MiB
// instead of 38: on the large institution's bench that was the difference
// between a server staying under 100 MB and not. Hashes made with other
// parameters still check (they carry theirs) and are made again with
// these at the next sign-in (NeedsRehash).
const (
	argonTime    = 5
	argonMemory  = 7 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// argonParams is how a hash made now writes its parameters.
var argonParams = fmt.Sprintf("m=%d,t=%d,p=%d", argonMemory, argonTime, argonThreads)

// argonSlots bounds how many argon2id hashes run at once. Each takes 19 MiB
// for its duration, so a burst of sign-ins would otherwise take memory in
// proportion to the burst (32 at once reached 1.2 GB); beyond one per core
// they only wait for CPU anyway.
var argonSlots = make(chan struct{}, runtime.NumCPU())

// hashes counts argon2id computations (see Hashes).
var hashes atomic.Int64

// Hashes reports how many argon2id hashes this process has computed: a
// sign-in that answers without one would answer faster, and so tell an
// unknown username from a wrong password. Tests count with it.
func Hashes() int64 { return hashes.Load() }

func idKey(password string, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	hashes.Add(1)
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	key := argon2.IDKey([]byte(password), salt, t, m, p, n)
	// The hash's memory is garbage now. Collected at once, the next hash
	// reuses it; left to the collector's pace, eight clients signing in
	// again and again on the large institution's bench (19 MiB a hash
	// then) took the server's peak resident set to 163–182 MB, and to
	// 87–103 MB with this, for 63–67 sign-ins a second instead of 72–78
	// (each costs tens of milliseconds of argon2id anyway).
	runtime.GC()
	return key
}

// HashPassword returns an encoded argon2id hash in the PHC string format.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := idKey(password, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return "$argon2id$v=19$" + argonParams + "$" + base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(key)
}

// NeedsRehash reports whether an argon2id hash was made with other
// parameters than HashPassword uses now: once its password is proved, it
// is to be replaced by a hash made now.
func NeedsRehash(encoded string) bool {
	parts := strings.Split(encoded, "$")
	return len(parts) == 6 && parts[1] == "argon2id" && parts[3] != argonParams
}

// CheckPassword reports whether password matches an encoded hash, in time
// that does not depend on where they differ.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := idKey(password, salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an account does not exist, so a wrong
// username costs as much time as a wrong password (no account enumeration).
var dummyHash = HashPassword("luoshi-no-such-account")

// CheckOrWaste checks a password against encoded, or against a dummy hash
// when encoded is empty, and reports a match only in the first case.
func CheckOrWaste(encoded, password string) bool {
	if encoded == "" {
		CheckPassword(dummyHash, password)
		return false
	}
	return CheckPassword(encoded, password)
}

// NewToken returns a random URL-safe token of 32 bytes.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the database keeps of a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
