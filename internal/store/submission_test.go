package store

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestSubmissionClaims: a key is claimed once per account (a second claim
// is ErrSubmitted, another account's is its own), its answer is kept for
// repeats, and the daily purge removes only claims made before its cutoff.
func TestSubmissionClaims(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	start := time.Date(2024, 10, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return start }
	claim := func(account int64, key string) error {
		return s.Write(ctx, func(tx *Tx) error { return tx.ClaimSubmission(ctx, account, key, "d1") })
	}
	if err := claim(1, "k"); err != nil {
		t.Fatal(err)
	}
	if err := claim(1, "k"); err != ErrSubmitted {
		t.Fatalf("second claim: %v, want ErrSubmitted", err)
	}
	if err := claim(2, "k"); err != nil {
		t.Fatalf("the same key for another account: %v", err)
	}
	sub := model.Submission{Key: "k", Digest: "d1", Status: 303, Location: "/measures/2024H2-001", Body: []byte("ok")}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.AnswerSubmission(ctx, 1, sub) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Submission(ctx, 1, "k")
	if err != nil || !got.Answered() || got.Location != sub.Location || string(got.Body) != "ok" {
		t.Fatalf("kept answer: %+v %v", got, err)
	}
	s.Now = func() time.Time { return start.Add(72 * time.Hour) }
	if err := claim(1, "later"); err != nil {
		t.Fatal(err)
	}
	var n int64
	err = s.Write(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.PurgeSubmissions(ctx, start.Add(48*time.Hour).UnixMilli())
		return err
	})
	if err != nil || n != 2 {
		t.Fatalf("purge removed %d claims (%v), want the 2 made before the cutoff", n, err)
	}
	if _, err := s.Submission(ctx, 1, "k"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("a purged claim is still there: %v", err)
	}
	if _, err := s.Submission(ctx, 1, "later"); err != nil {
		t.Errorf("a claim after the cutoff was purged: %v", err)
	}
}
