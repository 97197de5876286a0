package model

import (
	"errors"
	"testing"
)

func TestPageLimit(t *testing.T) {
	for _, c := range []struct {
		in, want int
		bad      bool
	}{{0, 50, false}, {1, 1, false}, {500, 500, false}, {501, 0, true}, {-1, 0, true}} {
		got, err := PageLimit(c.in, 50, 500)
		var e *Error
		if c.bad {
			if !errors.As(err, &e) || e.Code != EINVALID || e.Field != "limit" {
				t.Errorf("PageLimit(%d) = %v, want EINVALID on limit", c.in, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("PageLimit(%d) = %d, %v, want %d", c.in, got, err, c.want)
		}
	}
}
