package api

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// apiDoc is what the OpenAPI description says of one route: a summary and
// the query parameters it takes. Every route of the table needs one (a test
// checks), so the description never falls behind the API.
type apiDoc struct {
	summary string
	query   []string
}

var docs = map[string]apiDoc{
	"POST /api/v1/sessions":                               {"Sign in: {username, password} → {token}", nil},
	"DELETE /api/v1/sessions":                             {"Sign out (ends the token's session)", nil},
	"GET /api/v1/units":                                   {"Units: code, name, name_en, kind, parent, seq, aliases, inactive, merged_into", nil},
	"POST /api/v1/units":                                  {"Create a unit: {code, name, name_en, kind, parent, seq, aliases} (admin)", nil},
	"GET /api/v1/units/{code}":                            {"A unit", nil},
	"PATCH /api/v1/units/{code}":                          {"Rename, move, reorder, re-alias, deactivate or reactivate a unit (admin)", nil},
	"POST /api/v1/units/{code}/merge":                     {"Merge a unit into another: {into} → {from, into, moved} (admin)", nil},
	"GET /api/v1/accounts":                                {"Accounts (office, admin)", nil},
	"POST /api/v1/accounts":                               {"Create an account (admin)", nil},
	"PATCH /api/v1/accounts/{username}":                   {"Change an account: name, unit, role, email, disabled, password (admin)", nil},
	"POST /api/v1/accounts/{username}/password-reset":     {"Give an account a one-time password, shown once (admin)", nil},
	"GET /api/v1/leaders/{username}/portfolio":            {"What a leader is in charge of, and the history of assignments", nil},
	"PUT /api/v1/leaders/{username}/portfolio":            {"Assign a leader units and themes from a day: {units, themes, from, move_open} (office)", nil},
	"GET /api/v1/institution":                             {"The institution's profile: names, office, time zone", nil},
	"PUT /api/v1/institution":                             {"Set the institution's profile (admin)", nil},
	"GET /api/v1/calendar/{year}":                         {"An academic year's terms and breaks", nil},
	"PUT /api/v1/calendar/{year}":                         {"Set an academic year's terms and breaks (office)", nil},
	"GET /api/v1/setup":                                   {"The first-run set-up checklist (office)", nil},
	"GET /api/v1/meetings":                                {"Meetings, latest first; ?kind= keeps one kind (study: the units' study sessions)", nil},
	"POST /api/v1/meetings":                               {"Record a meeting with its agenda (office)", nil},
	"GET /api/v1/meetings/{id}":                           {"A meeting with its agenda items", nil},
	"PUT /api/v1/meetings/{id}":                           {"Change a meeting and its agenda (office)", nil},
	"GET /api/v1/meetings/{id}/minutes":                   {"A meeting's standing minutes, or the draft the office would issue (issued false)", nil},
	"POST /api/v1/meetings/{id}/minutes/issue":            {"Issue a meeting's minutes, the decisions worded as sent: {decisions:[{item,text}]} (office)", nil},
	"POST /api/v1/minutes/{id}/void":                      {"Void issued minutes with a reason (office)", nil},
	"GET /api/v1/assessments/{year}":                      {"A year's unit assessment (督办考核): each unit's counts, points, deductions, adjustment, total, grade and the path of its records; published results are frozen. The office sees every unit, a leader their portfolio's, a unit its own", nil},
	"GET /api/v1/assessments/{year}/weights":              {"A year's weights, deductions per notice and grading rules", nil},
	"PUT /api/v1/assessments/{year}/weights":              {"Set a draft year's rules: {on_time, reports, indicators, problems (adding up to 100), per_supervision, per_bulletin, mode: threshold|quota, excellent, good, pass, excellent_pct, good_pct} (office)", nil},
	"GET /api/v1/assessments/{year}/units/{unit}":         {"A unit's figures with the records behind each: measures, notices, indicators, problems, each marked whether it counts", nil},
	"POST /api/v1/assessments/{year}/adjustments":         {"Adjust a unit's points in a draft year: {unit, points (-20 to 20, one decimal; 0 removes), reason (required)} (office)", nil},
	"POST /api/v1/assessments/{year}/publish":             {"Publish and freeze a year's result; 409 once published (office)", nil},
	"GET /api/v1/meetings/{id}/topics":                    {"A retreat's discussion topics (研讨主题), in order", nil},
	"POST /api/v1/meetings/{id}/topics":                   {"Add a topic to a retreat: {title, description, seq} (office)", nil},
	"PUT /api/v1/meetings/{id}/topics/{topic}":            {"Change a retreat's topic: {title, description, seq} (office)", nil},
	"DELETE /api/v1/meetings/{id}/topics/{topic}":         {"Remove a retreat's topic, and take it off the groups (office)", nil},
	"GET /api/v1/meetings/{id}/groups":                    {"A retreat's discussion groups (分组研讨): leaders, units, convener, reporter, topics", nil},
	"POST /api/v1/meetings/{id}/groups":                   {"Add a group: {name, leaders, units, convener, reporter, topics, seq} (office)", nil},
	"PUT /api/v1/meetings/{id}/groups/{group}":            {"Change a retreat's group (office)", nil},
	"DELETE /api/v1/meetings/{id}/groups/{group}":         {"Remove a retreat's group (office)", nil},
	"GET /api/v1/meetings/{id}/submissions":               {"Requests for remarks (研讨发言材料) with their state: all (office, leaders) or the caller's unit's", nil},
	"POST /api/v1/meetings/{id}/submissions":              {"Ask participants for remarks by a day: {due, participants:[{kind: unit|leader, ref}]}; none asks every group member (office)", nil},
	"PUT /api/v1/meetings/{id}/submissions/{sub}":         {"Submit remarks: JSON {title, text}, or multipart with title, text and a .docx or .txt file (the participant, or the office)", nil},
	"DELETE /api/v1/meetings/{id}/submissions/{sub}":      {"Withdraw a request for remarks with what was sent (office)", nil},
	"GET /api/v1/summaries/{period}":                      {"The institution's half-year summary of a period: sections, figures (live for a draft, frozen once issued), state; units read only an issued one", nil},
	"POST /api/v1/summaries/{period}":                     {"Save the summary's text: {sections:[{key,text}]} (office)", nil},
	"POST /api/v1/summaries/{period}/issue":               {"Issue the summary: figures frozen, text on the period's retreat agenda as its first briefing (office)", nil},
	"POST /api/v1/summaries/{period}/void":                {"Void an issued summary with a reason: a draft again, its briefing leaves the agenda (office)", nil},
	"GET /api/v1/meetings/{id}/proposals":                 {"Items proposed for a meeting's agenda: open key problems, competitive indicators behind, missed half-year reports (office)", nil},
	"POST /api/v1/meetings/{id}/proposals":                {"Add a proposal to a meeting's agenda: {kind, ref} → 201, or 200 when it is there already (office)", nil},
	"POST /api/v1/meetings/{id}/items/{n}/speech":         {"Read agenda item n's speech from a Word (.docx) or text file (multipart, part named file; office)", nil},
	"GET /api/v1/measures":                                {"Measures, filtered, with cursor paging", []string{"unreported", "status", "alert", "unit", "leader", "theme", "period", "meeting", "q", "limit", "cursor"}},
	"POST /api/v1/measures":                               {"Create a measure (office)", nil},
	"GET /api/v1/measures/{code}":                         {"A measure with its derived status and light", nil},
	"PATCH /api/v1/measures/{code}":                       {"Change some fields of a measure", nil},
	"GET /api/v1/measures/{code}/progress":                {"A measure's progress reports, newest first, with cursor paging", []string{"limit", "cursor"}},
	"POST /api/v1/measures/{code}/progress":               {"File a progress report: {date, percent, note}", nil},
	"POST /api/v1/progress/{id}/review":                   {"Accept or return a progress report (office)", nil},
	"POST /api/v1/measures/{code}/progress/{id}/evidence": {"Attach evidence files to a progress report (multipart, parts named evidence)", nil},
	"GET /api/v1/evidence/{id}":                           {"Download an evidence file", nil},
	"GET /api/v1/measures/{code}/comments":                {"A measure's comments", nil},
	"POST /api/v1/measures/{code}/comments":               {"Comment on a measure", nil},
	"GET /api/v1/history/{entity}/{id...}":                {"The recorded changes of a measure, meeting, problem, indicator or report (UNIT/PERIOD), newest first", nil},
	"GET /api/v1/board":                                   {"The supervision board: measures by unit, status and light", []string{"leader", "theme", "period"}},
	"GET /api/v1/dashboard":                               {"The leaders' dashboard figures", nil},
	"GET /api/v1/dashboard/portfolio":                     {"A leader's portfolio", []string{"leader"}},
	"POST /api/v1/decompose":                              {"Draft measures from a speech: {text} → {drafts}", nil},
	"GET /api/v1/indicators":                              {"Indicators with their values per period", []string{"period", "unit", "kind", "theme"}},
	"POST /api/v1/indicators":                             {"Create an indicator (office)", nil},
	"GET /api/v1/indicators/{code}":                       {"An indicator with its values", nil},
	"PATCH /api/v1/indicators/{code}":                     {"Change an indicator (office)", nil},
	"PUT /api/v1/indicators/{code}/values/{period}":       {"Enter an indicator's value for a period", nil},
	"POST /api/v1/periods/{code}/lock":                    {"Lock a period's indicator values (office)", nil},
	"GET /api/v1/problems":                                {"Key problems", []string{"status", "unit", "severity", "leader", "unlinked"}},
	"POST /api/v1/problems":                               {"Raise a key problem", nil},
	"GET /api/v1/problems/{code}":                         {"A key problem with its linked measures", nil},
	"PATCH /api/v1/problems/{code}":                       {"Change a key problem", nil},
	"POST /api/v1/problems/{code}/close":                  {"Close out (销号) a key problem", nil},
	"GET /api/v1/allocations":                             {"Resource allocations", []string{"period", "unit", "kind", "measure", "flag"}},
	"POST /api/v1/allocations":                            {"Grant resources to a measure or unit (office)", nil},
	"GET /api/v1/allocations/{id}":                        {"An allocation", nil},
	"PATCH /api/v1/allocations/{id}":                      {"Change an allocation or record spending", nil},
	"GET /api/v1/reports":                                 {"Half-year reports", []string{"period", "state", "unit"}},
	"GET /api/v1/reports/{unit}/{period}":                 {"A unit's half-year report with its figures", nil},
	"PUT /api/v1/reports/{unit}/{period}":                 {"Write a unit's half-year report (its sections)", nil},
	"POST /api/v1/reports/{unit}/{period}/submit":         {"Submit a half-year report (figures are frozen)", nil},
	"POST /api/v1/reports/{unit}/{period}/return":         {"Return a report with a comment (office)", nil},
	"POST /api/v1/reports/{unit}/{period}/accept":         {"Accept a report (office)", nil},
	"GET /api/v1/bulletins":                               {"Issued supervision bulletins", nil},
	"POST /api/v1/bulletins":                              {"Issue a numbered bulletin for a date range (office)", nil},
	"GET /api/v1/bulletins/preview":                       {"Preview the bulletin for a date range", []string{"from", "to"}},
	"GET /api/v1/todo":                                    {"What waits for the signed-in account: [{kind, count, url, title}], each url the filtered list", nil},
	"GET /api/v1/mentions":                                {"Comments that name you (@姓名), newest first; unseen=1: on measures you have not opened since", []string{"unseen"}},
	"GET /api/v1/progress":                                {"Progress reports by review state across measures (pending: the office's queue; returned)", []string{"review", "unit", "limit", "cursor"}},
	"POST /api/v1/progress/review":                        {"Review several progress reports at once: {ids, review, comment} (office)", nil},
	"POST /api/v1/progress/{id}/withdraw":                 {"Withdraw a progress report not yet reviewed (撤回): its author or the author's unit; answers with the measure", nil},
	"POST /api/v1/reports/{unit}/{period}/withdraw":       {"Withdraw a submitted half-year report before the office accepts or returns it (撤回)", nil},
	"POST /api/v1/bulletins/{id}/void":                    {"Void an issued bulletin (作废): {reason}; its number stays used (office)", nil},
	"POST /api/v1/notices/{id}/void":                      {"Void a notice (作废): {reason}; its number stays used (office)", nil},
	"POST /api/v1/notices/remind":                         {"Send reminders by hand (提醒单): {measures, note}; one numbered reminder per open measure not reminded today (office)", nil},
	"GET /api/v1/bulletins/{id}":                          {"An issued bulletin as it was issued", nil},
	"GET /api/v1/search":                                  {"Search meetings, speeches, measures, reports and problems: those whose title holds the words first (score 1), then those whose text does (score 0), newest first within each", []string{"q", "kind", "limit", "cursor"}},
	"GET /api/v1/notices":                                 {"Notices (reminders, supervision notices, bulletin listings)", []string{"kind", "unit", "measure", "inbox", "unread", "unsigned", "limit", "cursor"}},
	"GET /api/v1/notices/{id}":                            {"A notice with its recipients", nil},
	"POST /api/v1/notices/{id}/sign":                      {"Sign for a 督办单 on the unit's behalf (签收; the unit's accounts)", nil},
	"PUT /api/v1/notices/{id}/receipt":                    {"The unit's receipt for a 督办单: {handling, expected} (回执; signs for it too)", nil},
	"POST /api/v1/notices/{id}/read":                      {"Mark a notice addressed to you as read", nil},
	"GET /api/v1/deliveries":                              {"Mail and webhook deliveries (admin)", []string{"state", "limit", "cursor"}},
	"POST /api/v1/deliveries/{id}/retry":                  {"Send a failed delivery again (admin)", nil},
	"GET /api/v1/openapi.json":                            {"This description (OpenAPI 3.0)", nil},

	// Study campaigns (学习教育).
	"GET /api/v1/campaigns":                       {"Study campaigns, latest first; from/to: those running at some day of the span", []string{"from", "to"}},
	"POST /api/v1/campaigns":                      {"Open a study campaign: {title, start, end, summary_due, materials, units, requirements:[{kind, title, count, monthly, due}]} (office)", nil},
	"GET /api/v1/campaigns/{id}":                  {"A study campaign with its units and requirements", nil},
	"PUT /api/v1/campaigns/{id}":                  {"Change a study campaign, its units and requirements (office)", nil},
	"GET /api/v1/campaigns/{id}/completion":       {"The completion matrix: per unit and requirement (and summary) held, required and its light (done, due_soon, missed, open); a unit's account sees its own row", nil},
	"GET /api/v1/campaigns/{id}/sessions":         {"A campaign's study sessions with attendance; a unit's account sees its own unit's", []string{"unit"}},
	"POST /api/v1/campaigns/{id}/sessions":        {"Record a unit's study session (a meeting of kind study): {unit, kind, date, topic, place, materials, attendance:[{person, present, reason}]} (the unit's accounts, office)", nil},
	"GET /api/v1/campaigns/{id}/summaries/{unit}": {"A unit's campaign summary", nil},
	"PUT /api/v1/campaigns/{id}/summaries/{unit}": {"Submit a unit's campaign summary: {body} (the unit's accounts, office)", nil},
}

// pageLimits gives each list's default and maximum limit: 0 or no limit
// means the default, and a limit above the maximum is refused with 422.
var pageLimits = map[string]struct{ def, max int }{
	"GET /api/v1/measures":                 {app.DefaultMeasureLimit, app.MaxMeasureLimit},
	"GET /api/v1/measures/{code}/progress": {app.DefaultProgressLimit, app.MaxProgressLimit},
	"GET /api/v1/progress":                 {model.DefaultReviewLimit, model.MaxReviewLimit},
	"GET /api/v1/search":                   {app.SearchLimit, app.MaxSearchLimit},
	"GET /api/v1/notices":                  {app.DefaultNoticeLimit, app.MaxNoticeLimit},
	"GET /api/v1/deliveries":               {app.DefaultDeliveryLimit, app.MaxDeliveryLimit},
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI describes the route table in OpenAPI 3.0.
func openAPI(rs []route) map[string]any {
	paths := map[string]map[string]any{}
	errorResponse := map[string]any{"description": "error", "content": map[string]any{
		contentType: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	for _, rt := range rs {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		d := docs[rt.Pattern]
		// OpenAPI has no rest-of-path parameter: {id...} is described as
		// {id}, whose value may hold slashes.
		path = strings.ReplaceAll(path, "...}", "}")
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range d.query {
			if l, ok := pageLimits[rt.Pattern]; ok && q == "limit" {
				params = append(params, map[string]any{"name": q, "in": "query",
					"description": fmt.Sprintf("page size: 0 or absent means %d; above %d is refused (422)", l.def, l.max),
					"schema":      map[string]any{"type": "integer", "minimum": 0, "maximum": l.max}})
				continue
			}
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		op := map[string]any{
			"summary":     d.summary,
			"operationId": strings.ToLower(method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(path),
			"responses": map[string]any{
				"2XX":     map[string]any{"description": "done; a JSON object (lists: {items, next_cursor})"},
				"default": errorResponse,
			},
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Public {
			op["security"] = []any{}
		}
		switch {
		case strings.HasSuffix(path, "/evidence"):
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
				"schema": map[string]any{"type": "object", "properties": map[string]any{
					"evidence": map[string]any{"type": "array", "items": map[string]any{"type": "string", "format": "binary"}}}}}}}
		case strings.HasSuffix(path, "/speech"):
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
				"schema": map[string]any{"type": "object", "properties": map[string]any{
					"file": map[string]any{"type": "string", "format": "binary"}}}}}}
		case method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch:
			op["requestBody"] = map[string]any{"content": map[string]any{contentType: map[string]any{"schema": map[string]any{"type": "object"}}}}
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "luoshi API", "version": "1",
			"description": "Measures decided at meetings, their progress, supervision and reports. Errors are {\"error\": {code, message, field}}."},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
				"description": "the token from POST /api/v1/sessions"}},
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "properties": map[string]any{
				"error": map[string]any{"type": "object", "properties": map[string]any{
					"code":    map[string]any{"type": "string", "enum": errorCodes()},
					"message": map[string]any{"type": "string"},
					"field":   map[string]any{"type": "string"},
				}}}}},
		},
	}
}

func (h *handler) openAPI(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	return writeJSON(w, http.StatusOK, openAPI(routes()))
}
