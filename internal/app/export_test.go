package app

import "context"

// SetCheckPassword replaces the password check for a test and returns a
// function that puts the real one back.
func SetCheckPassword(f func(hash, password string) bool) (restore func()) {
	old := checkPassword
	checkPassword = f
	return func() { checkPassword = old }
}

// Remember is remember for the memo's tests.
func Remember(ctx context.Context, a *App, key string, read func(context.Context) (int, error)) (int, error) {
	return remember(ctx, a, key, read)
}

// RememberOf is rememberOf for the memo's tests.
func RememberOf(ctx context.Context, a *App, key string, tables []string, read func(context.Context) (int, error)) (int, error) {
	return rememberOf(ctx, a, key, tables, read)
}

// AgeMemo makes the memo's entry under key older than memoTTL.
func AgeMemo(a *App, key string) {
	a.memo.mu.Lock()
	defer a.memo.mu.Unlock()
	if e := a.memo.entries[key]; e != nil {
		e.at = e.at.Add(-2 * memoTTL)
	}
}
