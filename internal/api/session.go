package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// signInRequest is the body of POST /api/v1/sessions.
type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// signInResponse carries the bearer token, the only thing a client keeps.
type signInResponse struct {
	Token string `json:"token"`
}

// signIn opens a session and hands out its bearer token.
func (h *handler) signIn(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	var req signInRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	s, err := h.app.PasswordSignIn(r.Context(), req.Username, req.Password)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, signInResponse{Token: s.Token})
}

// signOut ends the session whose token the request carries.
func (h *handler) signOut(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	if err := h.app.SignOut(r.Context(), s); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
