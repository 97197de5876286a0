package model

// PageLimit resolves the limit of one page of a list: 0 means def, and a
// negative limit or one above max is refused naming the field "limit",
// never quietly replaced (a clamp once made a benchmark lie).
func PageLimit(limit, def, max int) (int, error) {
	switch {
	case limit == 0:
		return def, nil
	case limit < 0 || limit > max:
		return 0, Invalid("limit", "must be between 1 and %d (got %d)", max, limit)
	}
	return limit, nil
}
