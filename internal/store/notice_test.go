package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestInsertNoticesRecipients writes, on the engine under test, notices
// whose recipients repeat (a unit's accounts), differ by one account (a
// leader added) or are none, in one call, and reads every notice back with
// exactly its own recipients; then checks the inbox, the unread count and
// marking as read on the table keyed by account.
func TestInsertNoticesRecipients(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	unitA := []string{"a1", "a2", "a3"}
	withLeader := []string{"a1", "a2", "a3", "lead"}
	unitB := []string{"b1", "b2", "b3"} // as many as unitA
	want := [][]string{unitA, unitB, withLeader, unitA, nil, unitB, unitA, {"solo"}}
	ns := make([]model.Notice, len(want))
	for i, r := range want {
		ns[i] = model.Notice{Kind: model.NoticeReminder, Year: 2024, Day: model.Ymd(2024, 10, 15),
			Measure: fmt.Sprintf("M%d", i), Unit: "A", Trigger: fmt.Sprintf("test:%d", i), Recipients: r}
	}
	var issued []model.Notice
	err := s.Write(ctx, func(tx *Tx) error {
		var err error
		issued, err = tx.InsertNotices(ctx, ns, make([]int64, len(ns)))
		return err
	})
	if err != nil || len(issued) != len(want) {
		t.Fatalf("issued %d notices (%v), want %d", len(issued), err, len(want))
	}
	for i, n := range issued {
		got, err := s.Notice(ctx, n.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Recipients, want[i]) {
			t.Errorf("notice %d (%s) went to %v, want %v", n.ID, got.Trigger, got.Recipients, want[i])
		}
		if n.Number != i+1 {
			t.Errorf("notice %s numbered %d, want %d", n.Trigger, n.Number, i+1)
		}
	}
	inbox, err := s.Notices(ctx, model.NoticeFilter{Recipient: "a1", Reader: "a1"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, n := range inbox {
		ids = append(ids, n.ID)
	}
	wantIDs := []int64{issued[6].ID, issued[3].ID, issued[2].ID, issued[0].ID}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("a1's inbox holds %v, want %v, newest first", ids, wantIDs)
	}
	if n, err := s.UnreadNotices(ctx, "a1"); err != nil || n != 4 {
		t.Errorf("a1 has %d unread (%v), want 4", n, err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		ok, err := tx.MarkNoticeRead(ctx, issued[3].ID, "a1")
		if err == nil && !ok {
			err = fmt.Errorf("marking a1's notice read changed nothing")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.UnreadNotices(ctx, "a1"); err != nil || n != 3 {
		t.Errorf("a1 has %d unread after reading one (%v), want 3", n, err)
	}
	if n, err := s.UnreadNotices(ctx, "a2"); err != nil || n != 4 {
		t.Errorf("a2 has %d unread after a1 read one (%v), want 4", n, err)
	}
	unread, err := s.Notices(ctx, model.NoticeFilter{Recipient: "a1", Reader: "a1", Unread: true})
	if err != nil || len(unread) != 3 || slices.ContainsFunc(unread, func(n model.Notice) bool { return n.ID == issued[3].ID }) {
		t.Errorf("a1's unread inbox: %d notices (%v), want 3 without the one read", len(unread), err)
	}
}
