// Package api serves the JSON API under /api/v1 over the same app as the UI.
// Request and response types live here, apart from the model, so the wire
// format stays stable when the domain types grow.
package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/origin"
)

// handlerFunc is an API action. It writes its own success response and
// returns an error for writeError to turn into the one error shape; s is the
// signed-in session (zero for public routes).
type handlerFunc func(h *handler, w http.ResponseWriter, r *http.Request, s app.SignedIn) error

// route is one line of the route table.
type route struct {
	// Pattern is an http.ServeMux pattern with its method.
	Pattern string
	// Public routes need no session: only signing in.
	Public bool
	fn     handlerFunc
}

// routes is the whole API in one table, so it can be read at a glance and a
// test can check that every route has scenarios for every role.
func routes() []route {
	return []route{
		{Pattern: "POST /api/v1/sessions", Public: true, fn: (*handler).signIn},
		{Pattern: "DELETE /api/v1/sessions", fn: (*handler).signOut},
		{Pattern: "GET /api/v1/units", fn: (*handler).listUnits},
		{Pattern: "POST /api/v1/units", fn: (*handler).createUnit},
		{Pattern: "GET /api/v1/units/{code}", fn: (*handler).getUnit},
		{Pattern: "PATCH /api/v1/units/{code}", fn: (*handler).patchUnit},
		{Pattern: "POST /api/v1/units/{code}/merge", fn: (*handler).mergeUnit},
		{Pattern: "GET /api/v1/accounts", fn: (*handler).listAccounts},
		{Pattern: "POST /api/v1/accounts", fn: (*handler).createAccount},
		{Pattern: "PATCH /api/v1/accounts/{username}", fn: (*handler).patchAccount},
		{Pattern: "POST /api/v1/accounts/{username}/password-reset", fn: (*handler).resetPassword},
		{Pattern: "GET /api/v1/leaders/{username}/portfolio", fn: (*handler).getLeaderPortfolio},
		{Pattern: "PUT /api/v1/leaders/{username}/portfolio", fn: (*handler).putLeaderPortfolio},
		{Pattern: "GET /api/v1/institution", fn: (*handler).getInstitution},
		{Pattern: "PUT /api/v1/institution", fn: (*handler).putInstitution},
		{Pattern: "GET /api/v1/calendar/{year}", fn: (*handler).getCalendar},
		{Pattern: "PUT /api/v1/calendar/{year}", fn: (*handler).putCalendar},
		{Pattern: "GET /api/v1/setup", fn: (*handler).setup},
		{Pattern: "GET /api/v1/meetings", fn: (*handler).listMeetings},
		{Pattern: "POST /api/v1/meetings", fn: (*handler).createMeeting},
		{Pattern: "GET /api/v1/meetings/{id}", fn: (*handler).getMeeting},
		{Pattern: "PUT /api/v1/meetings/{id}", fn: (*handler).updateMeeting},
		{Pattern: "POST /api/v1/meetings/{id}/items/{n}/speech", fn: (*handler).setSpeech},
		{Pattern: "GET /api/v1/meetings/{id}/minutes", fn: (*handler).getMinutes},
		{Pattern: "POST /api/v1/meetings/{id}/minutes/issue", fn: (*handler).issueMinutes},
		{Pattern: "POST /api/v1/minutes/{id}/void", fn: (*handler).voidMinutes},
		// Study campaigns (campaign.go).
		{Pattern: "GET /api/v1/campaigns", fn: (*handler).listCampaigns},
		{Pattern: "POST /api/v1/campaigns", fn: (*handler).createCampaign},
		{Pattern: "GET /api/v1/campaigns/{id}", fn: (*handler).getCampaign},
		{Pattern: "PUT /api/v1/campaigns/{id}", fn: (*handler).updateCampaign},
		{Pattern: "GET /api/v1/campaigns/{id}/completion", fn: (*handler).campaignCompletion},
		{Pattern: "GET /api/v1/campaigns/{id}/sessions", fn: (*handler).listStudySessions},
		{Pattern: "POST /api/v1/campaigns/{id}/sessions", fn: (*handler).recordStudySession},
		{Pattern: "GET /api/v1/campaigns/{id}/summaries/{unit}", fn: (*handler).getCampaignSummary},
		{Pattern: "PUT /api/v1/campaigns/{id}/summaries/{unit}", fn: (*handler).putCampaignSummary},
		// Unit assessment (督办考核): assessment.go.
		{Pattern: "GET /api/v1/assessments/{year}", fn: (*handler).getAssessment},
		{Pattern: "GET /api/v1/assessments/{year}/weights", fn: (*handler).getAssessmentWeights},
		{Pattern: "PUT /api/v1/assessments/{year}/weights", fn: (*handler).putAssessmentWeights},
		{Pattern: "GET /api/v1/assessments/{year}/units/{unit}", fn: (*handler).getAssessmentUnit},
		{Pattern: "POST /api/v1/assessments/{year}/adjustments", fn: (*handler).adjustAssessment},
		{Pattern: "POST /api/v1/assessments/{year}/publish", fn: (*handler).publishAssessment},
		// A retreat's preparation (retreat.go).
		{Pattern: "GET /api/v1/meetings/{id}/topics", fn: (*handler).listTopics},
		{Pattern: "POST /api/v1/meetings/{id}/topics", fn: (*handler).saveTopic},
		{Pattern: "PUT /api/v1/meetings/{id}/topics/{topic}", fn: (*handler).saveTopic},
		{Pattern: "DELETE /api/v1/meetings/{id}/topics/{topic}", fn: (*handler).deleteTopic},
		{Pattern: "GET /api/v1/meetings/{id}/groups", fn: (*handler).listGroups},
		{Pattern: "POST /api/v1/meetings/{id}/groups", fn: (*handler).saveGroup},
		{Pattern: "PUT /api/v1/meetings/{id}/groups/{group}", fn: (*handler).saveGroup},
		{Pattern: "DELETE /api/v1/meetings/{id}/groups/{group}", fn: (*handler).deleteGroup},
		{Pattern: "GET /api/v1/meetings/{id}/submissions", fn: (*handler).listSubmissions},
		{Pattern: "POST /api/v1/meetings/{id}/submissions", fn: (*handler).requestSubmissions},
		{Pattern: "PUT /api/v1/meetings/{id}/submissions/{sub}", fn: (*handler).submitRemarks},
		{Pattern: "DELETE /api/v1/meetings/{id}/submissions/{sub}", fn: (*handler).withdrawSubmission},
		{Pattern: "GET /api/v1/measures", fn: (*handler).listMeasures},
		{Pattern: "POST /api/v1/measures", fn: (*handler).createMeasure},
		{Pattern: "GET /api/v1/measures/{code}", fn: (*handler).getMeasure},
		{Pattern: "PATCH /api/v1/measures/{code}", fn: (*handler).patchMeasure},
		{Pattern: "GET /api/v1/measures/{code}/progress", fn: (*handler).listProgress},
		{Pattern: "POST /api/v1/measures/{code}/progress", fn: (*handler).reportProgress},
		{Pattern: "GET /api/v1/todo", fn: (*handler).todo},
		{Pattern: "GET /api/v1/mentions", fn: (*handler).listMentions},
		{Pattern: "GET /api/v1/progress", fn: (*handler).listReviewQueue},
		{Pattern: "POST /api/v1/progress/review", fn: (*handler).reviewMany},
		{Pattern: "POST /api/v1/progress/{id}/review", fn: (*handler).reviewProgress},
		{Pattern: "POST /api/v1/progress/{id}/withdraw", fn: (*handler).withdrawProgress},
		{Pattern: "POST /api/v1/measures/{code}/progress/{id}/evidence", fn: (*handler).addEvidence},
		{Pattern: "GET /api/v1/evidence/{id}", fn: (*handler).getEvidence},
		{Pattern: "GET /api/v1/measures/{code}/comments", fn: (*handler).listComments},
		{Pattern: "GET /api/v1/history/{entity}/{id...}", fn: (*handler).getHistory},
		{Pattern: "POST /api/v1/measures/{code}/comments", fn: (*handler).addComment},
		{Pattern: "GET /api/v1/board", fn: (*handler).board},
		{Pattern: "GET /api/v1/dashboard", fn: (*handler).dashboard},
		{Pattern: "GET /api/v1/dashboard/portfolio", fn: (*handler).portfolio},
		{Pattern: "POST /api/v1/decompose", fn: (*handler).decompose},
		{Pattern: "GET /api/v1/indicators", fn: (*handler).listIndicators},
		{Pattern: "POST /api/v1/indicators", fn: (*handler).createIndicator},
		{Pattern: "GET /api/v1/indicators/{code}", fn: (*handler).getIndicator},
		{Pattern: "PATCH /api/v1/indicators/{code}", fn: (*handler).patchIndicator},
		{Pattern: "PUT /api/v1/indicators/{code}/values/{period}", fn: (*handler).putIndicatorValue},
		{Pattern: "POST /api/v1/periods/{code}/lock", fn: (*handler).lockPeriod},
		{Pattern: "GET /api/v1/problems", fn: (*handler).listProblems},
		{Pattern: "POST /api/v1/problems", fn: (*handler).createProblem},
		{Pattern: "GET /api/v1/problems/{code}", fn: (*handler).getProblem},
		{Pattern: "PATCH /api/v1/problems/{code}", fn: (*handler).patchProblem},
		{Pattern: "POST /api/v1/problems/{code}/close", fn: (*handler).closeProblem},
		{Pattern: "GET /api/v1/allocations", fn: (*handler).listAllocations},
		{Pattern: "POST /api/v1/allocations", fn: (*handler).createAllocation},
		{Pattern: "GET /api/v1/allocations/{id}", fn: (*handler).getAllocation},
		{Pattern: "PATCH /api/v1/allocations/{id}", fn: (*handler).patchAllocation},
		{Pattern: "GET /api/v1/reports", fn: (*handler).listReports},
		{Pattern: "GET /api/v1/reports/{unit}/{period}", fn: (*handler).getReport},
		{Pattern: "PUT /api/v1/reports/{unit}/{period}", fn: (*handler).putReport},
		{Pattern: "POST /api/v1/reports/{unit}/{period}/submit", fn: (*handler).submitReport},
		{Pattern: "POST /api/v1/reports/{unit}/{period}/return", fn: (*handler).returnReport},
		{Pattern: "POST /api/v1/reports/{unit}/{period}/accept", fn: (*handler).acceptReport},
		{Pattern: "POST /api/v1/reports/{unit}/{period}/withdraw", fn: (*handler).withdrawReport},
		{Pattern: "GET /api/v1/bulletins", fn: (*handler).listBulletins},
		{Pattern: "POST /api/v1/bulletins", fn: (*handler).issueBulletin},
		{Pattern: "GET /api/v1/bulletins/preview", fn: (*handler).previewBulletin},
		{Pattern: "GET /api/v1/bulletins/{id}", fn: (*handler).getBulletin},
		{Pattern: "POST /api/v1/bulletins/{id}/void", fn: (*handler).voidBulletin},
		{Pattern: "GET /api/v1/search", fn: (*handler).search},
		{Pattern: "GET /api/v1/notices", fn: (*handler).listNotices},
		{Pattern: "GET /api/v1/notices/{id}", fn: (*handler).getNotice},
		{Pattern: "POST /api/v1/notices/{id}/sign", fn: (*handler).signNotice},
		{Pattern: "PUT /api/v1/notices/{id}/receipt", fn: (*handler).putReceipt},
		{Pattern: "POST /api/v1/notices/{id}/void", fn: (*handler).voidNotice},
		{Pattern: "POST /api/v1/notices/remind", fn: (*handler).remindMeasures},
		{Pattern: "POST /api/v1/notices/{id}/read", fn: (*handler).readNotice},
		{Pattern: "GET /api/v1/deliveries", fn: (*handler).listDeliveries},
		{Pattern: "POST /api/v1/deliveries/{id}/retry", fn: (*handler).retryDelivery},
		// 0029: the institution's summary and the next meeting's proposals.
		{Pattern: "GET /api/v1/summaries/{period}", fn: (*handler).getSummary},
		{Pattern: "POST /api/v1/summaries/{period}", fn: (*handler).saveSummary},
		{Pattern: "POST /api/v1/summaries/{period}/issue", fn: (*handler).issueSummary},
		{Pattern: "POST /api/v1/summaries/{period}/void", fn: (*handler).voidSummary},
		{Pattern: "GET /api/v1/meetings/{id}/proposals", fn: (*handler).listProposals},
		{Pattern: "POST /api/v1/meetings/{id}/proposals", fn: (*handler).addProposal},
		{Pattern: "GET /api/v1/openapi.json", Public: true, fn: (*handler).openAPI},
	}
}

// handler carries what every action needs.
type handler struct {
	app *app.App
}

// New returns the /api/v1 handler. It receives paths starting with /api/.
func New(a *app.App) http.Handler {
	h := &handler{app: a}
	mux := http.NewServeMux()
	for _, rt := range routes() {
		mux.Handle(rt.Pattern, h.wrap(rt))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		h.writeError(w, r, model.Errorf(model.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// wrap signs the request in (unless the route is public), refuses path
// values and query parameters no text may hold, and turns the action's
// error into the API's error response.
func (h *handler) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		r = r.WithContext(app.WithClient(r.Context(), origin.Of(r).Client.String()))
		var s app.SignedIn
		if !rt.Public {
			var err error
			if s, err = h.session(r); err != nil {
				h.writeError(w, r, err)
				return
			}
		}
		if err := checkURL(r, rt.Pattern); err != nil {
			h.writeError(w, r, err)
			return
		}
		run := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := rt.fn(h, w, r, s); err != nil {
				h.writeError(w, r, err)
			}
		})
		if key := r.Header.Get(idempotencyHeader); key != "" && !rt.Public && r.Method != http.MethodGet {
			h.guardIdempotent(w, r, s, key, run)
			return
		}
		run(w, r)
	})
}

// session reads the bearer token. Any failure to recognise it is
// "unauthorized", so clients know to sign in again rather than retry.
func (h *handler) session(r *http.Request) (app.SignedIn, error) {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	if auth == "" {
		return app.SignedIn{}, model.Errorf(model.EUNAUTHORIZED, "sign in first: send Authorization: Bearer TOKEN (POST /api/v1/sessions)")
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return app.SignedIn{}, model.Errorf(model.EUNAUTHORIZED, "the Authorization header must be \"Bearer TOKEN\"")
	}
	s, err := h.app.Session(r.Context(), strings.TrimSpace(token))
	if c := model.ErrorCode(err); c == model.ENOTFOUND || c == model.EINVALID {
		return s, model.Errorf(model.EUNAUTHORIZED, "session expired or unknown: sign in again")
	}
	if err != nil {
		return s, err
	}
	return s, app.RequirePasswordChanged(s.Account)
}

const contentType = "application/json; charset=utf-8"

// writeJSON writes v with a status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", contentType)
	if a, ok := v.(jsonAppender); ok {
		b := append(a.appendJSON(make([]byte, 0, 32<<10)), '\n')
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(status)
		_, err := w.Write(b)
		return err
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// list is the envelope of every collection, so a collection can gain
// paging or counts without breaking clients.
type list[T any] struct {
	Items []T `json:"items"`
}
