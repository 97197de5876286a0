package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Study campaigns (学习教育): the list, and the office's form that opens or
// edits one.

// campaignListData is the campaigns list.
type campaignListData struct {
	Campaigns []model.Campaign
	CanOpen   bool
}

// campaignList lists the campaigns, the latest first.
func (h *handler) campaignList(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	cs, err := h.a.Campaigns(r.Context(), acct)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &campaignListData{Campaigns: cs, CanOpen: app.CanManageCampaigns(acct)}
	h.render(w, r, http.StatusOK, "campaign_list", h.newPage(r, "campaigns", "campaign.list_title", d))
}

// campaignID reads the {id} of a campaign's address.
func campaignID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "%s %q not found", "campaign", r.PathValue("id"))
	}
	return id, nil
}

// requirementRows is how many requirement rows the form offers.
const requirementRows = 5

// campaignFormData is the office's campaign form.
type campaignFormData struct {
	C      model.Campaign
	Reqs   []model.Requirement // requirementRows rows, blanks at the end
	Kinds  []string
	Units  []model.Unit
	Chosen map[string]bool
	Errs   map[string]string
}

// Err is the message beside a field.
func (d *campaignFormData) Err(field string) string { return d.Errs[field] }

// ReqErr is the message beside requirement i's field.
func (d *campaignFormData) ReqErr(i int, field string) string {
	return d.Errs[fmt.Sprintf("requirements[%d].%s", i, field)]
}

func (h *handler) showCampaignForm(w http.ResponseWriter, r *http.Request, status int, d *campaignFormData) {
	units, err := h.a.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, u := range units {
		if !u.Inactive && u.Kind != model.UnitLeadership {
			d.Units = append(d.Units, u)
		}
	}
	d.Kinds = model.StudyKinds
	d.Reqs = append([]model.Requirement(nil), d.C.Requirements...)
	for len(d.Reqs) < requirementRows {
		d.Reqs = append(d.Reqs, model.Requirement{})
	}
	d.Chosen = map[string]bool{}
	for _, u := range d.C.Units {
		d.Chosen[u] = true
	}
	if d.C.ID == 0 && len(d.C.Units) == 0 {
		for _, u := range d.Units {
			d.Chosen[u.Code] = true
		}
	}
	title := "campaign.new_title"
	if d.C.ID != 0 {
		title = "campaign.edit_title"
	}
	h.render(w, r, status, "campaign_form", h.newPage(r, "campaigns", title, d))
}

// campaignNew shows the empty form (office).
func (h *handler) campaignNew(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageCampaigns(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to %s", "open study campaigns"))
		return
	}
	h.showCampaignForm(w, r, http.StatusOK, &campaignFormData{})
}

// campaignEdit shows a campaign in the form (office).
func (h *handler) campaignEdit(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.CanManageCampaigns(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to %s", "open study campaigns"))
		return
	}
	id, err := campaignID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.a.Campaign(r.Context(), acct, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showCampaignForm(w, r, http.StatusOK, &campaignFormData{C: c})
}

// campaignSave opens or edits a campaign from the form; blank requirement
// rows are left out.
func (h *handler) campaignSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	f := r.PostForm
	c := model.Campaign{Title: f.Get("title"), Materials: f.Get("materials"), Units: f["units"]}
	if r.PathValue("id") != "" {
		id, err := campaignID(r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		c.ID = id
	}
	errs := map[string]string{}
	day := func(field string) model.Date {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return 0
		}
		d, err := model.ParseDate(v)
		if err != nil {
			errs[field] = errorText(r, model.Invalid(field, "%v", err))
		}
		return d
	}
	c.Start, c.End, c.SummaryDue = day("start"), day("end"), day("summary_due")
	for i := range requirementRows {
		p := fmt.Sprintf("req%d.", i)
		title := strings.TrimSpace(f.Get(p + "title"))
		if title == "" {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimSpace(f.Get(p + "count")))
		req := model.Requirement{Kind: f.Get(p + "kind"), Title: title, Count: n, Monthly: f.Get(p+"monthly") != ""}
		req.Due = day(p + "due")
		c.Requirements = append(c.Requirements, req)
	}
	var err error
	if len(errs) == 0 {
		err = h.a.SaveCampaign(r.Context(), acct, &c)
		if fe := fieldErrors(r, err); fe != nil {
			errs = fe
		} else if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		// A requirement's errors name its place among those sent; the rows
		// shown are those sent, in order, so the places agree.
		h.showCampaignForm(w, r, http.StatusUnprocessableEntity, &campaignFormData{C: c, Errs: errs})
		return
	}
	redirect(w, r, fmt.Sprintf("/campaigns/%d", c.ID))
}
