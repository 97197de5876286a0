// Package web serves luoshi's HTML pages: server-rendered html/template
// pages that work without JavaScript, enhanced by htmx. Every change goes
// through app; web only reads forms, calls app and renders.
package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// access says who may reach a route before its handler runs.
type access int

const (
	// public routes need no session (sign-in, static files).
	public access = iota
	// signedIn routes need a session; POSTs also need the session's CSRF token.
	signedIn
)

// route is one entry of the UI's route table. The table is a value, not
// only mux registrations, so the tests can check every route has scenarios.
type route struct {
	method  string
	pattern string
	access  access
	handle  func(h *handler, w http.ResponseWriter, r *http.Request)
}

// routes is every UI route, in one place.
var routes = []route{
	{"GET", "/static/{file}", public, (*handler).static},
	{"GET", "/signin", public, (*handler).signinPage},
	{"POST", "/signin", public, (*handler).signinSubmit},
	{"GET", "/signin/cas", public, (*handler).casStart},
	{"GET", "/signin/cas/callback", public, (*handler).casCallback},
	{"GET", "/signin/oidc", public, (*handler).oidcStart},
	{"GET", "/signin/oidc/callback", public, (*handler).oidcCallback},
	{"POST", "/signout", signedIn, (*handler).signout},
	{"POST", "/lang", signedIn, (*handler).setLanguage},

	{"GET", "/{$}", signedIn, (*handler).board},
	{"GET", "/dashboard", signedIn, (*handler).dashboard},
	{"GET", "/dashboard/data.json", signedIn, (*handler).dashboardJSON},

	{"GET", "/meetings", signedIn, (*handler).meetingList},
	{"GET", "/meetings/new", signedIn, (*handler).meetingNew},
	{"POST", "/meetings/new", signedIn, (*handler).meetingSave},
	{"GET", "/meetings/{id}", signedIn, (*handler).meetingPage},
	{"GET", "/meetings/{id}/edit", signedIn, (*handler).meetingEdit},
	{"POST", "/meetings/{id}/edit", signedIn, (*handler).meetingSave},
	{"GET", "/meetings/{id}/export.xlsx", signedIn, (*handler).meetingExport},
	{"GET", "/meetings/{id}/items/{item}/file", signedIn, (*handler).speechFile},
	{"GET", "/meetings/{id}/minutes", signedIn, (*handler).minutesPage},
	{"POST", "/meetings/{id}/minutes", signedIn, (*handler).minutesIssue},
	{"POST", "/meetings/{id}/minutes/{minutes}/void", signedIn, (*handler).minutesVoid},
	{"GET", "/meetings/{id}/minutes.docx", signedIn, (*handler).minutesDocx},
	// Study campaigns (campaign_list.go, campaign_page.go).
	{"GET", "/campaigns", signedIn, (*handler).campaignList},
	{"GET", "/campaigns/new", signedIn, (*handler).campaignNew},
	{"POST", "/campaigns/new", signedIn, (*handler).campaignSave},
	{"GET", "/campaigns/{id}", signedIn, (*handler).campaignPage},
	{"GET", "/campaigns/{id}/edit", signedIn, (*handler).campaignEdit},
	{"POST", "/campaigns/{id}/edit", signedIn, (*handler).campaignSave},
	{"GET", "/campaigns/{id}/units/{unit}", signedIn, (*handler).campaignUnit},
	{"POST", "/campaigns/{id}/units/{unit}/sessions", signedIn, (*handler).studySessionSave},
	{"POST", "/campaigns/{id}/units/{unit}/summary", signedIn, (*handler).campaignSummarySave},
	{"GET", "/campaign-files/{id}", signedIn, (*handler).studyFile},
	// A retreat's preparation (retreat_page.go).
	{"GET", "/meetings/{id}/prep", signedIn, (*handler).prepPage},
	{"POST", "/meetings/{id}/topics", signedIn, (*handler).topicAdd},
	{"POST", "/meetings/{id}/topics/{topic}/delete", signedIn, (*handler).topicDelete},
	{"POST", "/meetings/{id}/groups", signedIn, (*handler).groupAdd},
	{"POST", "/meetings/{id}/groups/{group}/delete", signedIn, (*handler).groupDelete},
	{"POST", "/meetings/{id}/remarks", signedIn, (*handler).remarksRequest},
	{"GET", "/meetings/{id}/remarks/{remarks}", signedIn, (*handler).remarksPage},
	{"POST", "/meetings/{id}/remarks/{remarks}", signedIn, (*handler).remarksSubmit},
	{"POST", "/meetings/{id}/remarks/{remarks}/delete", signedIn, (*handler).remarksWithdraw},
	{"GET", "/meetings/{id}/remarks/{remarks}/file", signedIn, (*handler).remarksFile},
	{"GET", "/meetings/{id}/book.docx", signedIn, (*handler).retreatBook},
	{"POST", "/meetings/{id}/items/{item}/decompose", signedIn, (*handler).decomposeItem},
	{"GET", "/meetings/{id}/items/{item}/drafts", signedIn, (*handler).draftsPage},
	{"POST", "/meetings/{id}/items/{item}/drafts", signedIn, (*handler).draftsSave},

	{"GET", "/measures", signedIn, (*handler).measureList},
	{"GET", "/measures/new", signedIn, (*handler).measureNew},
	{"POST", "/measures/new", signedIn, (*handler).measureSave},
	{"GET", "/measures/export.xlsx", signedIn, (*handler).measureExport},
	{"GET", "/measures/import", signedIn, (*handler).measureImportPage},
	{"POST", "/measures/import", signedIn, (*handler).measureImport},
	{"GET", "/measures/{code}", signedIn, (*handler).measurePage},
	{"GET", "/measures/{code}/edit", signedIn, (*handler).measureEdit},
	{"POST", "/measures/{code}/edit", signedIn, (*handler).measureSave},
	{"POST", "/measures/{code}/progress", signedIn, (*handler).progressSave},
	{"POST", "/measures/{code}/comments", signedIn, (*handler).commentSave},
	{"GET", "/progress", signedIn, (*handler).reviewQueue},
	{"POST", "/progress/review", signedIn, (*handler).reviewMany},
	{"GET", "/todo", signedIn, (*handler).todoPage},
	{"POST", "/progress/{id}/review", signedIn, (*handler).progressReview},
	{"POST", "/progress/{id}/withdraw", signedIn, (*handler).progressWithdraw},
	{"GET", "/evidence/{id}", signedIn, (*handler).evidenceDownload},

	{"GET", "/settings/themes", signedIn, (*handler).themeUnitsPage},
	{"POST", "/settings/themes", signedIn, (*handler).themeUnitsSave},

	{"GET", "/units", signedIn, (*handler).unitList},
	{"GET", "/units/{code}", signedIn, (*handler).unitPage},

	{"GET", "/setup", signedIn, (*handler).setupPage},
	{"GET", "/settings/institution", signedIn, (*handler).institutionPage},
	{"POST", "/settings/institution", signedIn, (*handler).institutionSave},
	{"GET", "/settings/units", signedIn, (*handler).unitSettingsPage},
	{"GET", "/settings/units/new", signedIn, (*handler).unitNew},
	{"POST", "/settings/units/new", signedIn, (*handler).unitSave},
	{"GET", "/settings/units/{code}", signedIn, (*handler).unitEdit},
	{"POST", "/settings/units/{code}", signedIn, (*handler).unitSave},
	{"GET", "/settings/units/{code}/merge", signedIn, (*handler).unitMergePage},
	{"POST", "/settings/units/{code}/merge", signedIn, (*handler).unitMerge},
	{"GET", "/settings/people", signedIn, (*handler).peoplePage},
	{"GET", "/settings/people/new", signedIn, (*handler).peopleNew},
	{"POST", "/settings/people/new", signedIn, (*handler).peopleSave},
	{"GET", "/settings/accounts/{username}", signedIn, (*handler).accountEdit},
	{"POST", "/settings/accounts/{username}", signedIn, (*handler).accountSave},
	{"POST", "/settings/accounts/{username}/reset-password", signedIn, (*handler).accountResetPassword},
	{"GET", "/settings/portfolios", signedIn, (*handler).portfoliosPage},
	{"POST", "/settings/portfolios", signedIn, (*handler).portfolioSave},
	{"GET", "/settings/calendar", signedIn, (*handler).calendarPage},
	{"POST", "/settings/calendar", signedIn, (*handler).calendarSave},

	// The units and people sheets (单位名单, 人员名单): import (admin), export (admin, office).
	{"GET", "/settings/units/export.xlsx", signedIn, (*handler).unitsExport},
	{"GET", "/settings/units/import", signedIn, (*handler).unitsImportPage},
	{"POST", "/settings/units/import", signedIn, (*handler).unitsImport},
	{"GET", "/settings/people/export.xlsx", signedIn, (*handler).peopleExport},
	{"GET", "/settings/people/import", signedIn, (*handler).peopleImportPage},
	{"POST", "/settings/people/import", signedIn, (*handler).peopleImport},

	{"GET", "/indicators", signedIn, (*handler).indicatorList},
	{"GET", "/indicators/new", signedIn, (*handler).indicatorNew},
	{"POST", "/indicators/new", signedIn, (*handler).indicatorSave},
	{"GET", "/indicators/export.xlsx", signedIn, (*handler).indicatorExport},
	{"GET", "/indicators/import", signedIn, (*handler).indicatorImportPage},
	{"POST", "/indicators/import", signedIn, (*handler).indicatorImport},
	{"GET", "/indicators/{code}", signedIn, (*handler).indicatorPage},
	{"GET", "/indicators/{code}/edit", signedIn, (*handler).indicatorEdit},
	{"POST", "/indicators/{code}/edit", signedIn, (*handler).indicatorSave},
	{"POST", "/indicators/{code}/values", signedIn, (*handler).indicatorValueSave},
	{"POST", "/periods/{code}/lock", signedIn, (*handler).periodLock},

	{"GET", "/problems", signedIn, (*handler).problemList},
	{"GET", "/problems/new", signedIn, (*handler).problemNew},
	{"POST", "/problems/new", signedIn, (*handler).problemSave},
	{"GET", "/problems/{code}", signedIn, (*handler).problemPage},
	{"GET", "/problems/{code}/edit", signedIn, (*handler).problemEdit},
	{"POST", "/problems/{code}/edit", signedIn, (*handler).problemSave},
	{"POST", "/problems/{code}/measures", signedIn, (*handler).problemLink},
	{"POST", "/problems/{code}/close", signedIn, (*handler).problemClose},

	{"GET", "/allocations", signedIn, (*handler).allocationList},
	{"GET", "/allocations/new", signedIn, (*handler).allocationNew},
	{"POST", "/allocations/new", signedIn, (*handler).allocationSave},
	{"GET", "/allocations/{id}/edit", signedIn, (*handler).allocationEdit},
	{"POST", "/allocations/{id}/edit", signedIn, (*handler).allocationSave},

	{"GET", "/reports", signedIn, (*handler).reportList},
	{"GET", "/reports/compendium", signedIn, (*handler).compendiumPage},
	{"GET", "/reports/compendium.docx", signedIn, (*handler).compendiumDocx},
	{"GET", "/reports/compendium.xlsx", signedIn, (*handler).compendiumXlsx},
	{"GET", "/reports/{unit}/{period}", signedIn, (*handler).reportPage},
	{"GET", "/reports/{unit}/{period}/edit", signedIn, (*handler).reportEdit},
	{"POST", "/reports/{unit}/{period}/edit", signedIn, (*handler).reportSave},
	{"POST", "/reports/{unit}/{period}/submit", signedIn, (*handler).reportSubmit},
	{"POST", "/reports/{unit}/{period}/return", signedIn, (*handler).reportReturn},
	{"POST", "/reports/{unit}/{period}/accept", signedIn, (*handler).reportAccept},
	{"POST", "/reports/{unit}/{period}/withdraw", signedIn, (*handler).reportWithdraw},

	{"GET", "/bulletins", signedIn, (*handler).bulletinList},
	{"POST", "/bulletins", signedIn, (*handler).bulletinIssue},
	{"GET", "/bulletins/preview", signedIn, (*handler).bulletinPage},
	{"GET", "/bulletins/preview.docx", signedIn, (*handler).bulletinDocx},
	{"GET", "/bulletins/{id}", signedIn, (*handler).bulletinPage},
	{"GET", "/bulletins/{id}/bulletin.docx", signedIn, (*handler).bulletinDocx},
	{"POST", "/bulletins/{id}/void", signedIn, (*handler).bulletinVoid},

	{"GET", "/search", signedIn, (*handler).searchPage},

	{"GET", "/history/{entity}/{id...}", signedIn, (*handler).historyPage},
	{"GET", "/audit", signedIn, (*handler).auditPage},
	{"POST", "/audit/retention", signedIn, (*handler).auditRetentionSave},
	{"GET", "/audit/export.xlsx", signedIn, (*handler).auditExport},

	{"GET", "/notices", signedIn, (*handler).noticeList},
	{"GET", "/notices/{id}", signedIn, (*handler).noticePage},
	{"GET", "/notices/{id}/notice.docx", signedIn, (*handler).noticeDocx},
	{"POST", "/notices/{id}/sign", signedIn, (*handler).noticeSign},
	{"POST", "/notices/{id}/receipt", signedIn, (*handler).noticeReceipt},
	{"POST", "/notices/{id}/void", signedIn, (*handler).noticeVoid},
	{"POST", "/notices/remind", signedIn, (*handler).remindMeasures},
	{"GET", "/mentions", signedIn, (*handler).mentionList},
	// Unit assessment (督办考核): assessment_page.go.
	{"GET", "/assessments", signedIn, (*handler).assessmentsHome},
	{"GET", "/assessments/{year}", signedIn, (*handler).assessmentPage},
	{"GET", "/assessments/{year}/assessment.xlsx", signedIn, (*handler).assessmentXlsx},
	{"GET", "/assessments/{year}/units/{unit}", signedIn, (*handler).assessmentUnitPage},
	{"POST", "/assessments/{year}/rules", signedIn, (*handler).assessmentRules},
	{"POST", "/assessments/{year}/adjust", signedIn, (*handler).assessmentAdjust},
	{"POST", "/assessments/{year}/publish", signedIn, (*handler).assessmentPublish},
	{"POST", "/meetings/{id}/carry-over", signedIn, (*handler).carryOver},
	// 0029: the institution's summary and the next meeting's proposals.
	{"GET", "/summaries", signedIn, (*handler).summaries},
	{"GET", "/summaries/{period}", signedIn, (*handler).summaryPage},
	{"GET", "/summaries/{period}/summary.docx", signedIn, (*handler).summaryDocx},
	{"POST", "/summaries/{period}", signedIn, (*handler).summarySave},
	{"POST", "/summaries/{period}/issue", signedIn, (*handler).summaryIssue},
	{"POST", "/summaries/{period}/void", signedIn, (*handler).summaryVoid},
	{"POST", "/meetings/{id}/proposals", signedIn, (*handler).addProposal},
	{"GET", "/settings/documents", signedIn, (*handler).documentSettingsPage},
	{"POST", "/settings/documents", signedIn, (*handler).documentSettingsSave},
	{"GET", "/settings/notices", signedIn, (*handler).noticeSettingsPage},
	{"POST", "/settings/notices", signedIn, (*handler).noticeSettingsSave},
	{"GET", "/settings/mail", signedIn, (*handler).mailSettingsPage},
	{"POST", "/settings/mail", signedIn, (*handler).mailSettingsSave},
	{"GET", "/settings/webhooks", signedIn, (*handler).webhookList},
	{"GET", "/settings/webhooks/new", signedIn, (*handler).webhookNew},
	{"POST", "/settings/webhooks/new", signedIn, (*handler).webhookSave},
	{"GET", "/settings/webhooks/{id}", signedIn, (*handler).webhookEdit},
	{"POST", "/settings/webhooks/{id}", signedIn, (*handler).webhookSave},
	{"POST", "/settings/webhooks/{id}/delete", signedIn, (*handler).webhookDelete},
	{"POST", "/settings/webhooks/{id}/test", signedIn, (*handler).webhookTest},
	{"GET", "/settings/deliveries", signedIn, (*handler).deliveryList},
	{"POST", "/settings/deliveries/{id}/retry", signedIn, (*handler).deliveryRetry},
	{"GET", "/settings/signin", signedIn, (*handler).signinSettingsPage},
	{"POST", "/settings/signin", signedIn, (*handler).signinSettingsSave},
	{"GET", "/account", signedIn, (*handler).accountPage},
	{"POST", "/account/email", signedIn, (*handler).accountEmail},
	{"POST", "/account/calendar", signedIn, (*handler).accountCalendar},
	{"POST", "/account/password", signedIn, (*handler).accountPassword},
	{"GET", "/calendar/{file}", public, (*handler).calendarFeed},

	{"", "/", public, (*handler).notFound},
}

// New returns the UI handler. Signed-in routes refuse input no text may
// hold (checkInput) once wrap has let them in.
func New(a *app.App) http.Handler {
	h := newHandler(a)
	mux := http.NewServeMux()
	for _, rt := range routes {
		pattern := rt.pattern
		if rt.method != "" {
			pattern = rt.method + " " + rt.pattern
		}
		if rt.access == signedIn {
			handle := rt.handle
			rt.handle = func(h *handler, w http.ResponseWriter, r *http.Request) {
				if err := checkInput(r, rt.pattern); err != nil {
					h.fail(w, r, err)
					return
				}
				handle(h, w, r)
			}
		}
		mux.Handle(pattern, h.wrap(rt))
	}
	return mux
}
