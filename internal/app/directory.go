package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// directory resolves the names offices write in sheets: units by code,
// name, English name or abbreviation, leaders by username or name.
type directory struct {
	units   []model.Unit
	byCode  map[string]model.Unit
	names   map[string]string // names and aliases → the live unit (unitNameMap)
	leaders []model.Account
	others  map[string]model.Account // every account by username and by name
}

func (a *App) directory(ctx context.Context) (*directory, error) {
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	accts, err := a.store.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	d := &directory{units: units, byCode: map[string]model.Unit{}, names: unitNameMap(units), others: map[string]model.Account{}}
	for _, u := range units {
		d.byCode[u.Code] = u
	}
	for _, acct := range accts {
		if acct.Role == model.RoleLeader && !acct.Disabled {
			d.leaders = append(d.leaders, acct)
		}
		d.others[acct.Username] = acct
		d.others[acct.Name] = acct
	}
	return d, nil
}

// unit resolves a unit as written: its code, Chinese or English name, or an
// abbreviation (科技处 for 科学技术处, 学工部 for 学生工作部: the characters
// of the name in order). An abbreviation that fits several units is an error.
func (d *directory) unit(written string) (string, error) {
	s := model.FoldName(written)
	if s == "" {
		return "", errors.New("is required")
	}
	for _, u := range d.units {
		if strings.EqualFold(s, u.Code) || s == u.Name || s == model.FoldName(u.Name) || strings.EqualFold(s, model.FoldName(u.NameEn)) {
			return d.live(u, written)
		}
	}
	if code, ok := d.names[s]; ok {
		return code, nil
	}
	var hits []model.Unit
	if utf8.RuneCountInString(s) >= 2 && model.HasHan(s) {
		for _, u := range d.units {
			if u.Inactive {
				continue
			}
			if subsequence(s, u.Name) {
				hits = append(hits, u)
			}
		}
	}
	switch len(hits) {
	case 1:
		return hits[0].Code, nil
	case 0:
		return "", model.Reasonf("unknown unit %q", strings.TrimSpace(written))
	}
	names := make([]string, len(hits))
	for i, u := range hits {
		names[i] = u.Name
	}
	sort.Strings(names)
	return "", model.Reasonf("%q could be any of %s; write the full name", strings.TrimSpace(written), strings.Join(names, "、"))
}

// live is the unit that does u's work now: u itself, or the unit it was
// merged into; a unit deactivated without a merge takes nothing new.
func (d *directory) live(u model.Unit, written string) (string, error) {
	if code := liveUnit(d.byCode, u.Code); code != "" {
		return code, nil
	}
	return "", model.Reasonf("unit %q (%s) is deactivated", strings.TrimSpace(written), u.Code)
}

// subsequence reports whether the runes of abbr appear in name in order.
func subsequence(abbr, name string) bool {
	rest := []rune(name)
	for _, r := range abbr {
		i := slices.Index(rest, r)
		if i < 0 {
			return false
		}
		rest = rest[i+1:]
	}
	return true
}

// leader resolves the leader in charge as written: a leader account's
// username or the person's name, also followed by a title ("王建华书记").
// Blank means no leader.
func (d *directory) leader(written string) (string, error) {
	s := model.FoldName(written)
	if s == "" {
		return "", nil
	}
	if parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;；/", r) }); len(parts) > 1 {
		return "", model.Reasonf("one leader in charge per measure; %q names %d", strings.TrimSpace(written), len(parts))
	}
	for _, l := range d.leaders {
		if strings.EqualFold(s, l.Username) || s == l.Name {
			return l.Username, nil
		}
	}
	var hits []model.Account
	for _, l := range d.leaders {
		if utf8.RuneCountInString(l.Name) >= 2 && strings.HasPrefix(s, l.Name) {
			hits = append(hits, l)
		}
	}
	if len(hits) == 1 {
		return hits[0].Username, nil
	}
	if len(hits) > 1 {
		return "", model.Reasonf("%q could be several leaders; write the account name", strings.TrimSpace(written))
	}
	if acct, ok := d.others[s]; ok {
		return "", model.Reasonf("%s (%s) is not a leader's account", acct.Name, acct.Username)
	}
	return "", model.Reasonf("unknown leader %q", strings.TrimSpace(written))
}
