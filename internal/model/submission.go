package model

// Submission is a claimed one-time submission: a form's token or an API
// request's Idempotency-Key, with the answer its first request got, which a
// repeat is given again instead of a second change.
type Submission struct {
	Key    string
	Digest string // SHA-256 of the method, path and body, hex
	// Status is 0 until the first request's answer is written.
	Status      int
	Location    string
	ContentType string
	Body        []byte
}

// Answered reports whether the first request's answer is kept.
func (s Submission) Answered() bool { return s.Status != 0 }
