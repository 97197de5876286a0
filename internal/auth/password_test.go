package auth

import (
	"strings"
	"testing"
)

// legacyHash is what luoshi stored for "Legacy-hash-2024" before its
// argon2id parameters changed (19 MiB, 2 passes).
const legacyHash = "$argon2id$v=19$m=19456,t=2,p=1$v7Qu4nvMv+ombP2sS8s9NA$N5lU9M3YmE5mhRRl3Uaq/NLCkmwxikuZGa9B4hIeu0M"

// TestPasswordHash: a hash made now checks its password and no other, is
// salted, and names OWASP's 7 MiB × 5 passes; one made with the earlier
// parameters still checks, and only it needs making again.
func TestPasswordHash(t *testing.T) {
	h := HashPassword("Clerk-of-DB-2024")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=7168,t=5,p=1$") {
		t.Errorf("hash %q: want argon2id with m=7168,t=5,p=1", h)
	}
	if !CheckPassword(h, "Clerk-of-DB-2024") || CheckPassword(h, "Clerk-of-DB-2025") {
		t.Errorf("the new hash does not tell its password from another")
	}
	if h2 := HashPassword("Clerk-of-DB-2024"); h2 == h {
		t.Errorf("two hashes of one password are equal: no salt")
	}
	if NeedsRehash(h) {
		t.Errorf("a hash made now needs rehashing")
	}
	if !CheckPassword(legacyHash, "Legacy-hash-2024") || CheckPassword(legacyHash, "Legacy-hash-2025") {
		t.Errorf("the earlier parameters' hash does not tell its password from another")
	}
	if !NeedsRehash(legacyHash) {
		t.Errorf("the earlier parameters' hash does not need rehashing")
	}
	if NeedsRehash("") || NeedsRehash("$2a$10$notargon") {
		t.Errorf("a missing or foreign hash needs rehashing")
	}
}
