package model

import (
	"strings"
	"time"
)

// Institution is who uses luoshi: its names, the office that signs what
// luoshi issues, and its time zone. Every page header, notice, bulletin and
// exported document takes these from here.
type Institution struct {
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	ShortName   string `json:"short_name"`
	ShortNameEn string `json:"short_name_en"`
	// OfficeName is the supervising office as it signs documents
	// (党委办公室、校长办公室 or 督查督办办公室).
	OfficeName string `json:"office_name"`
	TimeZone   string `json:"time_zone"`
}

// DefaultTimeZone is the zone of an institution that has set none.
const DefaultTimeZone = "Asia/Shanghai"

// Configured reports whether the admin has filled in the profile.
func (in Institution) Configured() bool { return in.Name != "" && in.OfficeName != "" }

// Validate checks the profile's fields.
func (in *Institution) Validate() error {
	for _, f := range []*string{&in.Name, &in.NameEn, &in.ShortName, &in.ShortNameEn, &in.OfficeName, &in.TimeZone} {
		*f = strings.TrimSpace(*f)
	}
	if err := checkLine("name", in.Name, 1, 100); err != nil {
		return err
	}
	if err := checkLine("name_en", in.NameEn, 0, 200); err != nil {
		return err
	}
	if err := checkLine("short_name", in.ShortName, 0, 40); err != nil {
		return err
	}
	if err := checkLine("short_name_en", in.ShortNameEn, 0, 40); err != nil {
		return err
	}
	if err := checkLine("office_name", in.OfficeName, 1, 100); err != nil {
		return err
	}
	if in.TimeZone == "" {
		in.TimeZone = DefaultTimeZone
	}
	if _, err := in.Location(); err != nil {
		return Invalid("time_zone", "%q is not a time zone (e.g. Asia/Shanghai)", in.TimeZone)
	}
	return nil
}

// Location returns the institution's time zone.
func (in Institution) Location() (*time.Location, error) {
	tz := in.TimeZone
	if tz == "" {
		tz = DefaultTimeZone
	}
	if tz == "Local" {
		return nil, Invalid("time_zone", "name the zone")
	}
	return time.LoadLocation(tz)
}

// Short returns the short name in a language, falling back to the full name.
func (in Institution) Short(lang string) string {
	if lang == "en" {
		if in.ShortNameEn != "" {
			return in.ShortNameEn
		}
		if in.NameEn != "" {
			return in.NameEn
		}
	}
	if in.ShortName != "" {
		return in.ShortName
	}
	return in.Name
}

// Portfolio is what a university leader is in charge of (分管) from a day
// on: some units and some themes. A reassignment (分工调整) is a new
// Portfolio from a later day; the old one stays as history.
type Portfolio struct {
	Leader string   `json:"leader"`
	From   Date     `json:"from"`
	Units  []string `json:"units"`
	Themes []string `json:"themes"`
	// By and At say who recorded it, when (for the history list).
	By string `json:"by,omitempty"`
	At int64  `json:"at,omitempty"`
}

// Validate tidies the lists (no blanks, no repeats) and checks the day.
func (p *Portfolio) Validate() error {
	if p.From == 0 {
		return Invalid("from", "is required (the day the assignment takes effect)")
	}
	p.Units = dedupe(p.Units)
	p.Themes = dedupe(p.Themes)
	if len(p.Units) > 500 {
		return Invalid("units", "at most 500 units (got %d)", len(p.Units))
	}
	if len(p.Themes) > 50 {
		return Invalid("themes", "at most 50 themes (got %d)", len(p.Themes))
	}
	return nil
}

func dedupe(in []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// Portfolios is every leader's assignments, all of history.
type Portfolios []Portfolio

// At returns each leader's assignment in force on day d (the latest one
// from on or before d), by leader.
func (ps Portfolios) At(d Date) map[string]Portfolio {
	out := map[string]Portfolio{}
	for _, p := range ps {
		if p.From > d {
			continue
		}
		if cur, ok := out[p.Leader]; !ok || p.From > cur.From {
			out[p.Leader] = p
		}
	}
	return out
}

// LeaderOf returns the leader in charge of a unit on day d, else the one in
// charge of the theme, else "". When two leaders list the unit, the one
// whose assignment is more recent wins, then the first by name, so the
// answer never depends on the order rows were read.
func (ps Portfolios) LeaderOf(unit, theme string, d Date) string {
	cur := ps.At(d)
	pick := func(has func(Portfolio) bool) string {
		best := ""
		var bestFrom Date
		for leader, p := range cur {
			if !has(p) {
				continue
			}
			if best == "" || p.From > bestFrom || (p.From == bestFrom && leader < best) {
				best, bestFrom = leader, p.From
			}
		}
		return best
	}
	if unit != "" {
		if l := pick(func(p Portfolio) bool { return contains(p.Units, unit) }); l != "" {
			return l
		}
	}
	if theme != "" {
		return pick(func(p Portfolio) bool { return contains(p.Themes, theme) })
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
