// Package web serves luoshi's HTML pages.
package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// New returns the UI handler.
func New(a *app.App) http.Handler { return http.NotFoundHandler() }
