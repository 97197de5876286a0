package web

import (
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// unitPicker is a field that chooses one unit (a lead unit) or several
// (cooperating units). The "unitpicker" template renders it as a plain
// <select> or <select multiple>, which is the field without the script;
// luoshi.js turns it into a combobox that finds a unit by its name, English
// name, code or alias as one types (教务, jwc) and shows the chosen ones as
// removable chips. Any form that names units can use it.
type unitPicker struct {
	ID       string // the select's id, which the label names
	Name     string // the form field
	Label    string
	Multiple bool
	Empty    string // the words of the "no unit" option of a single choice
	Options  []pickerUnit
}

// pickerUnit is one unit to choose, with the words it is found by.
type pickerUnit struct {
	Code     string
	Name     string
	Search   string // lower-case name, English name, code and aliases
	Selected bool
}

// unitPickerOf builds a picker over the institution's units, names in the
// page's language. Deactivated units are offered only when already chosen.
func (p *page) unitPickerOf(units []model.Unit, id, name, label string, multiple bool, chosen []string) unitPicker {
	pk := unitPicker{ID: id, Name: name, Label: label, Multiple: multiple}
	is := map[string]bool{}
	for _, c := range chosen {
		is[c] = true
	}
	for _, u := range units {
		if u.Inactive && !is[u.Code] {
			continue
		}
		words := append([]string{u.Name, u.NameEn, u.Code}, u.Aliases...)
		pk.Options = append(pk.Options, pickerUnit{Code: u.Code, Name: p.UnitName(u.Code), Selected: is[u.Code],
			Search: strings.ToLower(strings.Join(words, " "))})
	}
	return pk
}
