// Package api serves the JSON API under /api/v1 over the same app as the UI.
package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// New returns the /api/v1 handler.
func New(a *app.App) http.Handler { return http.NotFoundHandler() }
