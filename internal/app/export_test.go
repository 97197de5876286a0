package app

// SetCheckPassword replaces the password check for a test and returns a
// function that puts the real one back.
func SetCheckPassword(f func(hash, password string) bool) (restore func()) {
	old := checkPassword
	checkPassword = f
	return func() { checkPassword = old }
}
