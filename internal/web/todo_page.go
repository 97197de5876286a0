package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type todoData struct {
	Items []app.TodoItem
}

// todoPage is the reader's to-do list (待办): each line what waits, how
// many, and the list where it is done. A unit account lands here.
func (h *handler) todoPage(w http.ResponseWriter, r *http.Request) {
	items, err := h.a.Todo(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if items == nil {
		items = []app.TodoItem{}
	}
	h.render(w, r, http.StatusOK, "todo", h.newPageTodo(r, "todo", "todo.title", &todoData{Items: items}, items))
}

// landingOf is where an account arrives after signing in: the office on the
// board, a leader on their portfolio, a unit account on its to-do list.
// Each reaches the others from the navigation.
func landingOf(a model.Account) string {
	switch a.Role {
	case model.RoleLeader:
		return link("/dashboard", "leader", a.Username)
	case model.RoleUnit:
		return "/todo"
	}
	return "/"
}
