// Package decompose turns the text of a speech, minutes or a notice into
// draft work measures: the directives in it, each with its byte span in the
// text as given, the enumerated heading it falls under, a theme and a
// suggested lead unit. It is pure (no I/O) so that the server, the command
// line and the tests all see the same drafts for the same bytes.
package decompose

import "strings"

// Draft is one directive found in the text.
type Draft struct {
	Seq        int     `json:"seq"`        // 1-based, in source order
	Text       string  `json:"text"`       // exactly input[Start:End]
	Start      int     `json:"start"`      // byte offset into the input exactly as given
	End        int     `json:"end"`        // byte offset, exclusive
	Parent     *int    `json:"parent"`     // seq of the enumerated heading it falls under, or nil
	Theme      string  `json:"theme"`      // one of Themes
	Confidence float64 `json:"confidence"` // theme confidence 0..1
	Unit       string  `json:"unit"`       // suggested lead unit code or ""
	// What the text itself says about who and by when (named.go).
	Owner       string   `json:"owner"`             // the unit or group named as the doer, as written, or ""
	OwnerUnit   string   `json:"owner_unit"`        // its unit code, when it names a unit the institution knows
	Cooperating []string `json:"cooperating_units"` // codes of units named to cooperate (会同/配合 X)
	Deadline    string   `json:"deadline"`          // the time limit as written (10月底前, "by March 31"), or ""
	// Heading is the section heading line the draft falls under, as written
	// (一、下一步工作要求, （四）重点督办事项, "1. Assessment", "Priority A. …"),
	// or "". Headings are never drafts themselves.
	Heading string `json:"heading"`
}

// Result is the decomposer's output, shaped as the JSON the API returns.
type Result struct {
	Drafts []Draft `json:"drafts"`
}

// Options tunes a run. Units, when set, suggests a lead unit for each draft
// from the institution's own accepted measures.
type Options struct {
	Units *Suggester
}

// rule categories of the sentence-level lexicon
const (
	ruleNarration     = iota // meeting procedure: always reporting
	ruleNarrationSoft        // reporting unless inside a directive
	ruleUmbrella             // lead-ins, slogans and pledges
	ruleSlogan               // a closing slogan clause ("Strive to write a new chapter…", "谱写…新篇章")
)

// ruleLex holds phrases that classify whole clauses or sentences. They are
// the fixed formulas of meeting reports in both languages.
var ruleLex = buildRuleLex()

// buildRuleLex lists the fixed formulas of meeting reports: procedure,
// reporting verbs, lead-ins, slogans and pledges.
func buildRuleLex() *matcher {
	m := newMatcher()
	m.add(ruleNarration, 1, "presided|attended|was held|were held|held a|held an|held its|held the|held their|chaired by|took place|listened to|informed|made arrangements|delivered a|delivered an|delivered the|was attended|adjourned|reviewed progress|summed up|were present")
	m.add(ruleNarration, 1, "主持|出席|列席|参加会议|参加了|听取了|审议了|通报了|传达了|作了|进行了|学习了|部署了|总结了|回顾了|肯定了|会议还|召开了|举行了|作总结讲话|作重要讲话|讲得都很好|会议听取|会议审议|会上")
	// participants' voices ("不少代表建议，学校要…") report what was said
	m.add(ruleNarration, 1, "代表建议|代表们建议|代表提出|代表们提出|委员建议|委员们建议|代表认为|代表们认为")
	m.add(ruleNarrationSoft, 1, "召开|举行|convened|heard|opened the|reviewed|reported that|reported on|discussed|studied|was made|were made|agreed that")
	m.add(ruleUmbrella, 1, "以下几个方面|以下几点|以下工作|如下|几点意见|三点意见|两点意见|四点意见|五点意见|几点要求|三点要求|两点要求|四点要求|五点要求|几个方面|讲几点|提几点|让我们|纷纷表示|一致表示|一致认为")
	m.add(ruleSlogan, 1, "new chapter|new glory|new heights|新篇章|新辉煌|新局面")
	m.add(ruleUmbrella, 1, "the following|as follows|let us|let's|i want to name|set out the|sets out|want to highlight|would like to highlight|pledged|vowed|participants agreed")
	return m
}

// umbrellaCount and umbrellaNoun make up "…four priorities" lead-ins.
var umbrellaCount = wordSet(`two three four five six seven eight nine ten several few some 2 3 4 5 6 7 8 9 10`)
var umbrellaNoun = wordSet(`priorities points requirements areas tasks things goals requests aspects proposals suggestions
initiatives measures directions actions steps commitments`)

// isUmbrella reports a lead-in whose content comes after it ("I want to name
// four priorities", "重点抓好以下几个方面"), a closing slogan or a pledge.
func isUmbrella(s string, a, b int, hits []ruleHit) bool {
	for _, h := range hits {
		if h.cat == ruleUmbrella {
			return true
		}
	}
	// "…and I want to name four priorities": a count and a plural noun that
	// close the sentence
	var buf [64]wordTok
	ws := words(s, a, b, 64, buf[:0])
	if !isLatinStart(s, a) && zhCountedLeadIn(s, a, b) {
		return true
	}
	n := len(ws)
	if n >= 2 && ws[n-1].e >= b-1 && umbrellaNoun[ws[n-1].w] {
		if umbrellaCount[ws[n-2].w] || (n >= 3 && umbrellaCount[ws[n-3].w]) {
			return true
		}
	}
	return false
}

// zhUmbrellaNouns close a Chinese lead-in that counts what follows
// ("尽快把握好三个关系", "在四个方面抓好开局", "提出三项要求").
var zhUmbrellaNouns = [...]string{"方面", "关系", "要求", "任务", "重点", "问题", "原则", "意见", "举措", "措施", "环节", "目标", "建议", "转变", "统一", "结合"}

// zhCountedLeadIn reports a sentence that ends in a Chinese count and one
// of those nouns: its content is in the sentences after it.
func zhCountedLeadIn(s string, a, b int) bool {
	seg := s[a:b]
	for _, w := range zhUmbrellaNouns {
		if !strings.HasSuffix(seg, w) {
			continue
		}
		q := len(seg) - len(w)
		r := runePrev(seg, max(0, q-9), q)
		if strings.ContainsRune("个点项条种大", r) {
			q -= len(string(r))
			r = runePrev(seg, max(0, q-9), q)
		}
		return strings.ContainsRune("两三四五六七八九十几", r)
	}
	return false
}

// narration classifies s[a:b]: 2 for meeting procedure, 1 for soft
// reporting, 0 for none.
func narration(a, b int, hits []ruleHit) int {
	level := 0
	for _, h := range hits {
		if h.pos < a || h.pos >= b {
			continue
		}
		switch h.cat {
		case ruleNarration:
			level = 2
		case ruleNarrationSoft:
			level = max(level, 1)
		}
	}
	return level
}

// slogan reports a clause holding a closing slogan, which is no task even
// when it opens with a verb ("Strive to write a new chapter in…").
func slogan(a, b int, hits []ruleHit) bool {
	for _, h := range hits {
		if h.cat == ruleSlogan && h.pos >= a && h.pos < b {
			return true
		}
	}
	return false
}

// ruleHit is one match of ruleLex in a sentence.
type ruleHit struct{ pos, cat int }

// ruleHits scans a sentence once for ruleLex, so that each clause test
// reads the hits instead of scanning again.
func ruleHits(s string, a, b int, out []ruleHit) []ruleHit {
	ruleLex.scan(s, a, b, func(e *lexEntry, pos int) {
		out = append(out, ruleHit{pos, e.cat})
	})
	return out
}

// isLatinStart says a clause starts in ASCII, so the English rules apply.
func isLatinStart(s string, p int) bool {
	return p < len(s) && s[p] < 0x80
}

// strongAt finds a directive marker at the clause start in either language.
func strongAt(s string, p, b int) (int, bool) {
	if isLatinStart(s, p) {
		if st, ok := enStrong(s, p, b); ok {
			return st, true
		}
		return 0, false
	}
	return zhStrong(s, p, b)
}

// zhNotDoers are words that can stand before 要 without naming who acts
// (也要, 同时要, 下一步要).
var zhNotDoers = map[string]bool{"也": true, "还": true, "更": true, "都": true, "就": true, "又": true, "并": true, "同时": true,
	"同时也": true, "尤其": true, "特别": true, "首先": true, "其次": true, "最后": true, "今后": true, "下一步": true, "当前": true, "目前": true}

// zhDoer reports whether the words before a marker name a doer (各学院,
// 财务处, 课后服务) rather than an adverb or a condition ("对上述问题").
func zhDoer(owner string) bool {
	if runeCount(owner, 0, len(owner)) < 2 || zhNotDoers[owner] {
		return false
	}
	for _, w := range [...]string{"对", "在", "把", "按", "从", "以", "为", "就", "随着", "通过", "针对", "围绕"} {
		if strings.HasPrefix(owner, w) {
			return false
		}
	}
	return true
}

// strongOwner is strongAt for the clauses of a sentence: it also says
// whether the span opens with a named doer (各学院要…, "the Graduate School
// will…", "we will…"), because two doers in one sentence are two tasks
// ("学科办要…，国际处要…", "X will do A, and department chairs should do B").
// A leading "and" before an English doer is left out of the span.
func strongOwner(s string, p, b int) (int, bool, bool) {
	if isLatinStart(s, p) {
		q := p
		if hasPrefixFold(s[p:b], "and ") {
			q = trimLeft(s, p+len("and "), b)
		}
		st, ok := enStrong(s, q, b)
		if !ok {
			return 0, false, false
		}
		var buf [1]wordTok
		ws := words(s, st, b, 1, buf[:0])
		return st, len(ws) > 0 && ws[0].w != "it" && ws[0].w != "please", true
	}
	st, mk, ok := zhStrongMark(s, p, b)
	if !ok {
		return 0, false, false
	}
	return st, zhDoer(s[st:mk]), true
}

// weakAt reports an imperative opener; Chinese openers count only at the
// start of a sentence, English ones also mid-sentence when capitalised.
func weakAt(s string, p, b int, atStart bool) bool {
	if isLatinStart(s, p) {
		return enWeak(s, p, b, true)
	}
	return atStart && zhWeak(s, p, b)
}

// frameAt finds a speaker framing in either language.
func frameAt(s string, p, b int) (int, bool) {
	if isLatinStart(s, p) {
		return enFrame(s, p, b)
	}
	return zhFrame(s, p, b)
}

// piece is a candidate span inside one sentence before grouping.
type piece struct {
	s, e  int
	enum  bool
	owner bool // opens with a named doer
	sc    [nThemes]float64
	top   float64
	th    int
}

// runeCount counts runes as decodeAt walks them.
func runeCount(s string, a, b int) int {
	n := 0
	for i := a; i < b; {
		_, size := decodeAt(s, i)
		n++
		i += size
	}
	return n
}

// wordCount counts ASCII words, for the short-heading test.
func wordCount(s string, a, b int) int {
	n := 0
	in := false
	for i := a; i < b; i++ {
		w := isWordByte(s[i])
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// hasMarker reports any directive marker at the start of s[p:b].
func hasMarker(s string, p, b int) bool {
	if _, ok := strongAt(s, p, b); ok {
		return true
	}
	if isLatinStart(s, p) {
		return enWeak(s, p, b, false)
	}
	return zhWeak(s, p, b)
}

// achievement reports words of a finished result, which turn an enumerated
// line into a review ("一是人才培养质量稳步提升", "First, the university
// recruited…").
func achievement(s string, p, b int) bool {
	if isLatinStart(s, p) {
		var buf [6]wordTok
		ws := words(s, p, b, 6, buf[:0])
		if len(ws) == 0 || ws[0].w == "to" || enImperatives[ws[0].w] {
			return false
		}
		// a bullet opened by a past form reports it ("• Signed 7 agreements")
		if isPastForm(ws[0].w) && s[ws[0].s] >= 'A' && s[ws[0].s] <= 'Z' {
			return true
		}
		for k := 1; k < len(ws) && k < 5; k++ {
			if isPastForm(ws[k].w) && !strings.Contains(ws[k].w, "-") {
				return true
			}
		}
		return false
	}
	seg := s[p:b]
	// a line opened by a work verb ("扩大…规模，新增…") sets targets; only
	// a perfective or a year-on-year figure makes it a report
	if zhWeak(s, p, b) {
		for _, w := range [...]string{"了", "同比", "创历史", "取得显著"} {
			if strings.Contains(seg, w) {
				return true
			}
		}
		return false
	}
	for _, w := range [...]string{"了", "取得", "获得", "获批", "新增", "同比", "创历史", "首次", "显著", "稳步提升", "明显提升"} {
		if strings.Contains(seg, w) {
			return true
		}
	}
	return false
}

// weakOnly reports a span that opens with an imperative opener and no
// stronger marker.
func weakOnly(s string, p, b int) bool {
	_, strong := strongAt(s, p, b)
	return !strong && !isLatinStart(s, p)
}

// weakStart reports a span opened by an imperative opener alone, in either
// language.
func weakStart(s string, p, b int) bool {
	_, strong := strongAt(s, p, b)
	return !strong
}

// sentCtx is what analyze needs to know about the sentences around one.
type sentCtx struct {
	nextKind   enumKind // enumerator opening the next line, 0 if none
	afterGuide bool     // follows a guiding-principle lead-in ("总体要求是：")
	labelled   bool     // on a line opened by a statement label ("Intent:")
	kind       enumKind // enumerator opening this sentence, 0 if none
	content    int      // where the text after that enumerator starts
}

// statementLabels open a line of a plan that states intent, background or
// a target ("Intent: Graduate enrollment has been flat… We will reverse that
// trend."): the actions are in the bullets, not on this line.
var statementLabels = wordSet(`intent rationale background context vision purpose why goal goals objective objectives
aim target targets outcome outcomes indicator indicators`)

// statementLabel reports a line opened by such a label and a colon.
func statementLabel(s string, p, b int) bool {
	var buf [1]wordTok
	ws := words(s, p, b, 1, buf[:0])
	return len(ws) == 1 && ws[0].s == p && ws[0].e < b && s[ws[0].e] == ':' && statementLabels[ws[0].w]
}

// purposeBefore reports an English purpose clause ("To do that, the CFO
// will…", "To meet this goal, we must…") whose task is in the next clause,
// which carries its own marker and owner: the span starts there.
func purposeBefore(s string, p, b int, rest []clause) bool {
	if !isLatinStart(s, p) || !hasPrefixFold(s[p:b], "to ") || len(rest) == 0 {
		return false
	}
	_, ok := strongAt(s, rest[0].s, rest[0].e)
	return ok
}

// hasModal reports a modal or an infinitive marker anywhere in an English
// span, which a bare transition ("a word about money") lacks.
func hasModal(s string, a, b int) bool {
	var buf [16]wordTok
	ws := words(s, a, b, 16, buf[:0])
	for k, w := range ws {
		if w.w == "to" {
			return true
		}
		if _, ok := enModal(ws, k); ok {
			return true
		}
	}
	return false
}

// outlineHeading reports an enumerated line of an outline that carries no
// final punctuation and is followed by lines enumerated at another level
// ("一、…" over "（一）…", "（一）…" over "1. …", "2. Key tasks" over
// bullets): a section or goal header whose sub-items carry the actions.
func outlineHeading(sn sentence, kind, next enumKind) bool {
	return sn.lineStart && sn.term == '\n' && next != 0 && next != kind && next != enumSeq
}

// guideLeadIns end a lead-in whose following sentence states guiding
// principles or goals of a plan, not a task ("学校工作的总体要求是：坚持…").
var guideLeadIns = [...]string{"总体要求是", "指导思想是", "总体思路是", "基本原则是", "总体目标是", "工作思路是", "总体要求", "指导思想"}

// isGuideLeadIn reports such a lead-in sentence, ended by a colon.
func isGuideLeadIn(s string, sn sentence) bool {
	if sn.term != '：' && sn.term != ':' {
		return false
	}
	for _, w := range guideLeadIns {
		if strings.HasSuffix(s[sn.s:sn.e], w) {
			return true
		}
	}
	return false
}

// enumHeading decides whether an enumerated sentence is a heading (a topic
// label or a short title on its own line) rather than a directive.
func enumHeading(s string, sn sentence, kind enumKind, content int) bool {
	if content >= sn.e {
		return true
	}
	rest := s[content:sn.e]
	for _, w := range [...]string{"关于", "regarding ", "on ", "about "} {
		if hasPrefixFold(rest, w) {
			return true
		}
	}
	if hasMarker(s, content, sn.e) {
		return false
	}
	alone := sn.term == '\n' || sn.term == 0
	if isLatinStart(s, content) {
		n := wordCount(s, content, sn.e)
		// "Finally, a word about money.": a short transition with no verb
		// of obligation in it
		// "1. Assessment. Each college must…": a topic label before the text
		label := kind == enumNum && sn.term == '.' && n <= 4
		return alone && n <= 5 || (kind == enumSeq && n <= 8 || label) && !hasModal(s, content, sn.e)
	}
	return alone && runeCount(s, content, sn.e) <= 14
}

// verdict is what analyze learned about a sentence besides its pieces.
type verdict struct {
	heading bool // a non-directive heading line, which closes the scope of earlier parents
	leadIn  bool // a lead-in whose items follow without a marker of their own ("学员要做到：", "teachers should achieve:")
	dropped bool // reporting, an umbrella or a review: not a directive even without a marker
}

// analyze finds the directive pieces of one sentence.
func analyze(s string, sn sentence, ctx sentCtx, cl []clause, hits []ruleHit, out []piece) ([]piece, verdict) {
	var v verdict
	if sn.term == ':' || sn.term == '：' || ctx.afterGuide {
		// "处级干部…，要做到：" opens a chain: its last clause asks for
		// something and the items come after the colon
		if len(cl) > 0 && !ctx.afterGuide && !isUmbrella(s, sn.s, sn.e, hits) {
			last := cl[len(cl)-1]
			_, v.leadIn = strongAt(s, last.s, last.e)
		}
		v.dropped = true
		return out, v
	}
	if isUmbrella(s, sn.s, sn.e, hits) || ctx.labelled {
		v.dropped = true
		return out, v
	}
	first := len(out)
	directive, atStart, dead := false, true, false
	enumerated, contentStart := false, sn.s
	if end, kind, ok := ctx.content, ctx.kind, ctx.kind != 0; ok {
		contentStart = end
		if kind == enumHeader || enumHeading(s, sn, kind, end) || outlineHeading(sn, kind, ctx.nextKind) {
			v.heading = true
			return out, v
		}
		if _, strong := strongAt(s, end, sn.e); !strong && achievement(s, end, sn.e) || zhProblem(s, end, sn.e) {
			v.dropped = true
			return out, v
		}
		enumerated = true
	}
	for ci, c := range cl {
		p := c.s
		if ci == 0 && enumerated {
			// a bullet that names its doer ("• Summer bridge programs should
			// be well run, and the fees … should be regulated") counts it,
			// so a second doer later in the sentence is a second task
			owner := false
			if contentStart < c.e {
				_, owner, _ = strongOwner(s, contentStart, c.e)
			}
			out = append(out, piece{s: sn.s, e: c.e, enum: true, owner: owner})
			directive, atStart = true, false
			continue
		}
		if ci > 0 {
			if end, kind, ok := enumAt(s, p, c.e); ok && (kind == enumSeq || kind == enumParen) && end < c.e && !dead && (directive || hasMarker(s, end, c.e)) {
				out = append(out, piece{s: p, e: c.e, enum: true})
				directive, atStart = true, false
				continue
			}
		}
		if fs, ok := frameAt(s, p, c.e); ok {
			dead, directive, atStart = false, false, true
			p = trimLeft(s, fs, c.e)
			if p >= c.e {
				continue
			}
		}
		if dead {
			continue
		}
		if directive && isLatinStart(s, p) && hasPrefixFold(s[p:c.e], "and that ") {
			// "…recommends that X do A, and that Y do B": a second request
			out = append(out, piece{s: trimLeft(s, p+len("and that "), c.e), e: c.e})
			continue
		}
		if directive && strings.HasPrefix(s[p:c.e], "即") {
			// "把握好X的关系，即既要…又要…": 即 explains the task before it
			out[len(out)-1].e = c.e
			continue
		}
		if slogan(p, c.e, hits) {
			directive, atStart = false, false
			continue
		}
		if item, lead, ok := afterColon(s, p, c.e); ok {
			// "teachers should achieve:Teaching with heart", "so here it
			// is: freeze them": the lead-in before the colon is left out
			out = append(out, piece{s: item, e: c.e})
			directive, atStart = true, false
			v.leadIn = v.leadIn || lead
			continue
		}
		if st, owner, ok := strongOwner(s, p, c.e); ok {
			out = append(out, piece{s: st, e: c.e, owner: owner})
			directive, atStart = true, false
			continue
		}
		if lv := narration(p, c.e, hits); lv == 2 || (lv == 1 && !directive) {
			out = out[:first]
			directive, dead = false, true
			v.dropped = true
			continue
		}
		if weakAt(s, p, c.e, atStart) && !purposeBefore(s, p, c.e, cl[ci+1:]) {
			out = append(out, piece{s: p, e: c.e})
			directive, atStart = true, false
			continue
		}
		if directive {
			out[len(out)-1].e = c.e
		}
		atStart = false
	}
	// The first line of a document is its title when it stands alone with
	// only a bare verb to recommend it ("深化改革　推动高质量发展").
	if len(out) > first && !enumerated && sn.line == 0 && sn.lineStart && sn.term == '\n' && weakStart(s, out[first].s, sn.e) {
		out = out[:first]
	}
	// A sentence opened by a bare verb ("坚持立德树人，…取得显著成效") that
	// reports a result is a review, not a directive; so is one that states
	// what something is ("坚持党管干部原则是…根本遵循").
	if len(out) > first && !enumerated && weakOnly(s, out[first].s, sn.e) && (achievement(s, out[first].s, sn.e) || zhCopula(s, out[first].s, sn.e)) {
		out = out[:first]
		v.dropped = true
	}
	// trim each piece and drop crumbs
	k := first
	for _, pc := range out[first:] {
		pc.s, pc.e = trimSpan(s, pc.s, pc.e)
		if pc.e-pc.s >= 4 && !bareMarker(s, pc.s, pc.e) {
			out[k] = pc
			k++
		}
	}
	return out[:k], v
}

// bareMarker reports a piece that is a marker and nothing else ("希望" before
// a colon whose content comes in the next clause).
func bareMarker(s string, a, b int) bool {
	switch s[a:b] {
	case "希望", "要求", "强调":
		return true
	}
	return false
}

// afterColon finds an item after an inline colon in an English clause: a
// lead-in that asks for something and ends in its verb ("teachers should
// achieve:", lead is true, so the parts after it are items too) or any lead-in
// followed by an imperative ("…, so here it is: freeze them as they stand").
func afterColon(s string, p, b int) (item int, lead, ok bool) {
	if !isLatinStart(s, p) {
		return 0, false, false
	}
	k := strings.IndexByte(s[p:b], ':')
	if k < 0 {
		return 0, false, false
	}
	k += p
	item = trimLeft(s, k+1, b)
	if item >= b || s[item] >= '0' && s[item] <= '9' {
		return 0, false, false // "5:30", "ratio 1:350"
	}
	var buf [12]wordTok
	ws := words(s, p, k, 12, buf[:0])
	// the lead-in ends in its modal and verb: "should achieve:", "must aim for:"
	if n := len(ws); n >= 2 {
		if _, ok := enStrong(s, ws[0].s, k); ok {
			for j := max(0, n-3); j < n-1; j++ {
				switch ws[j].w {
				case "should", "must", "will", "shall":
					return item, true, true
				}
			}
		}
	}
	if enWeak(s, item, b, false) {
		return item, false, true
	}
	return 0, false, false
}

// zhProblems open the items of a problem list ("一是部分任务推进迟缓"):
// some of the units or the work, described, not asked to do anything.
var zhProblems = [...]string{"部分", "个别", "少数", "一些", "有的", "有些"}

// zhProblem reports an enumerated item that describes a problem: it opens
// with such a quantifier and asks nothing of them (no 要, 须, 应 or 务必;
// "部分学院要…" is a task).
func zhProblem(s string, p, b int) bool {
	for _, w := range zhProblems {
		if strings.HasPrefix(s[p:b], w) {
			_, mk, ok := zhStrongMark(s, p, b)
			return !ok || !strings.ContainsRune("要须应务必", runeAfter(s, mk, b))
		}
	}
	return false
}

// zhCopula reports a clause whose verb is 是 ("坚持…是…的根本遵循"), a
// statement of what something is, not a task. 是 inside 是否, 还是, 特别是…
// does not count.
func zhCopula(s string, a, b int) bool {
	seg := s[a:b]
	if i := strings.Index(seg, "，"); i >= 0 {
		seg = seg[:i]
	}
	for i := 0; i < len(seg); {
		j := strings.Index(seg[i:], "是")
		if j < 0 {
			return false
		}
		j += i
		prev := runePrev(seg, 0, j)
		next := runeAfter(seg, j+len("是"), len(seg))
		if !strings.ContainsRune("但还而或只凡总于别就更正要若不即也都", prev) && next != '否' {
			return true
		}
		i = j + len("是")
	}
	return false
}

// modalAt reports a marker of obligation or intent at p (要, 必须, 应, 将,
// "we will"), which a review does not use; 牵头 or 由…负责 also narrate.
func modalAt(s string, p, b int) bool {
	if isLatinStart(s, p) {
		_, ok := enStrong(s, p, b)
		return ok
	}
	_, mk, ok := zhStrongMark(s, p, b)
	return ok && strings.ContainsRune("要必务须应将希请", runeAfter(s, mk, b))
}

// reviewPeriods open a review of past work ("一年来，", "上半年，学校坚持…").
var reviewPeriods = [...]string{"一年来", "过去一年", "过去的一年", "去年", "近年来", "今年以来", "多年来", "上半年", "过去五年", "五年来", "Over the past year", "Last year", "In the past year"}

// reviewOpener reports a sentence whose first clause is only such a period.
func reviewOpener(s string, cl []clause) bool {
	if len(cl) < 2 {
		return false
	}
	first := s[cl[0].s:cl[0].e]
	for _, w := range reviewPeriods {
		if first == w {
			return true
		}
	}
	return false
}

// plainStatement reports a sentence with no speaker, no report of a result
// and no statement of what something is, which after a bare heading is that heading's elaboration.
func plainStatement(s string, sn sentence, cl []clause) bool {
	for _, c := range cl {
		if _, ok := frameAt(s, c.s, c.e); ok {
			return false
		}
	}
	if zhCopula(s, sn.s, sn.e) {
		return false // "导师是研究生培养的第一责任人": what something is
	}
	seg := s[sn.s:sn.e]
	return !strings.Contains(seg, "了") && !strings.Contains(seg, "同比") && !strings.Contains(seg, "取得显著")
}

// group is a run of pieces of one sentence that make one draft.
type group struct {
	s, e  int
	enum  bool
	sc    [nThemes]float64
	known bool
	owner bool // some piece of it names a doer
}

// Decompose finds the directives in text.
func Decompose(text string, opt Options) Result {
	res := Result{Drafts: []Draft{}}
	sents := splitSentences(text, nil)
	var (
		cl     []clause
		pcs    []piece
		groups []group
		hits   []ruleHit
	)
	// Context for themes: the enumerated draft a directive falls under
	// (parent), else the last heading line (一、关于…, Goal 2.), because the
	// items under a heading share its subject even when their own words are
	// vague ("原则同意该修订稿").
	curHead, headPara := -1, -1 // index into items
	var items []found
	var heads []sectionHead
	var headSc, lineSc [nThemes]float64
	lineKnown := false
	var topicSc [nThemes]float64
	topicKnown, topicPara := false, -1
	// chain: inside the items of a lead-in ("学员要做到：") up to its 。;
	// elaborates: the sentence before was a bare enumerated heading.
	chain, elaborates := false, false
	labelled := false // the line opens with "Intent:"
	review, prevTerm := false, rune(0)
	nextFor, nextKind, nextContent := -1, enumKind(0), 0
	for si, sn := range sents {
		cl = splitClauses(text, sn.s, sn.e, cl[:0])
		var heading bool
		hits = ruleHits(text, sn.s, sn.e, hits[:0])
		// the enumerator of this sentence, found once (the next sentence's,
		// when it opens a line, was found in the round before)
		var ctx sentCtx
		if nextFor == si {
			ctx.kind, ctx.content = nextKind, nextContent
		} else if end, kind, ok := enumAt(text, sn.s, sn.e); ok {
			ctx.kind, ctx.content = kind, end
		}
		nextFor = -1
		if si+1 < len(sents) && sents[si+1].lineStart {
			nextFor, nextKind, nextContent = si+1, 0, 0
			if end, kind, ok := enumAt(text, sents[si+1].s, sents[si+1].e); ok {
				ctx.nextKind, nextKind, nextContent = kind, kind, end
			}
		}
		ctx.afterGuide = si > 0 && sents[si-1].para == sn.para && isGuideLeadIn(text, sents[si-1])
		if sn.lineStart {
			labelled = statementLabel(text, sn.s, sn.e)
		}
		ctx.labelled = labelled
		var v verdict
		pcs, v = analyze(text, sn, ctx, cl, hits, pcs[:0])
		heading = v.heading
		// A review opened by a past period ("一年来，…；…；…。") reports
		// what was done, in the verbs of directives, across its ；-parts.
		review = reviewOpener(text, cl) || review && (prevTerm == '；' || prevTerm == ';')
		prevTerm = sn.term
		if review {
			k := 0
			for _, pc := range pcs {
				if pc.enum || modalAt(text, pc.s, pc.e) {
					pcs[k] = pc
					k++
				}
			}
			if k < len(pcs) {
				v.dropped = true
			}
			pcs = pcs[:k]
		}
		sameLine := !sn.lineStart && !heading
		switch {
		case chain && sameLine:
			// an item of a chain ("要做到：笃实好学，…；求真务实，…")
			// opens at its first word even without a marker
			if len(pcs) == 0 && !v.dropped {
				pcs = append(pcs, piece{s: sn.s, e: sn.e})
			} else if len(pcs) > 0 && !pcs[0].enum {
				pcs[0].s = sn.s
			}
		case elaborates && sameLine && len(pcs) == 0 && !v.dropped && plainStatement(text, sn, cl):
			// "二是扩大优质教育资源供给。年内新建…": the sentence after a
			// bare enumerated heading says how, often without a marker
			pcs = append(pcs, piece{s: sn.s, e: sn.e})
		}
		chain = v.leadIn || chain && sameLine && (sn.term == '；' || sn.term == ';')
		elaborates = len(pcs) == 1 && pcs[0].enum && pcs[0].s == sn.s && pcs[0].e == sn.e && (sn.term == '。' || sn.term == '.')
		heads = trackHeadings(text, sn, si, sents, ctx.kind, heading, heads)
		if heading || sn.para != headPara {
			curHead = -1
		}
		if heading {
			lineSc = [nThemes]float64{}
			themeScores(text, sn.s, sn.e, &lineSc)
			_, top, _ := pickTheme(&lineSc)
			lineKnown = top >= evidenceMin
		}
		if sn.para != topicPara {
			topicKnown = false
		}
		// In minutes and reports a paragraph opens with what it is about
		// ("会议听取了组织部关于…述职评议考核情况的汇报"); the decisions after it
		// in the same paragraph share that subject.
		if len(pcs) == 0 && !heading && sn.lineStart && !topicKnown && agendaReport(text, sn.s, sn.e) {
			topicSc = [nThemes]float64{}
			themeScores(text, sn.s, sn.e, &topicSc)
			_, top, _ := pickTheme(&topicSc)
			topicKnown, topicPara = top >= evidenceMin, sn.para
		}
		if len(pcs) == 0 {
			continue
		}
		for i := range pcs {
			pc := &pcs[i]
			themeScores(text, pc.s, pc.e, &pc.sc)
			pc.th, pc.top, _ = pickTheme(&pc.sc)
		}
		groups = groupPieces(pcs, groups[:0])
		prevTheme := ""
		for _, g := range groups {
			var ctx *[nThemes]float64
			switch {
			case curHead >= 0 && !g.enum:
				ctx = &headSc
			case lineKnown:
				ctx = &lineSc
			}
			_, own, _ := pickTheme(&g.sc)
			sc := g.sc
			if ctx != nil {
				for t := range sc {
					sc[t] += ctxWeight * ctx[t]
				}
			}
			if topicKnown {
				for t := range sc {
					sc[t] += topicWeight * topicSc[t]
				}
			}
			th, _, conf := pickTheme(&sc)
			theme := Themes[th]
			if own < evidenceMin {
				if prevTheme != "" {
					theme = prevTheme
				}
				conf = min(conf, 0.3)
			}
			it := found{s: g.s, e: g.e, theme: theme, conf: conf, parent: -1, heading: headingText(text, heads)}
			if g.enum {
				curHead, headPara, headSc = len(items), sn.para, g.sc
				if lineKnown {
					for t := range headSc {
						headSc[t] += ctxWeight * lineSc[t]
					}
				}
			} else if curHead >= 0 {
				it.parent = curHead
			}
			prevTheme = theme
			items = append(items, it)
		}
	}
	res.Drafts = make([]Draft, 0, len(items))
	seqOf := make([]int, len(items))
	for i, it := range items {
		seqOf[i] = len(res.Drafts) + 1
		d := Draft{
			Seq:        seqOf[i],
			Text:       text[it.s:it.e],
			Start:      it.s,
			End:        it.e,
			Theme:      it.theme,
			Confidence: round2(it.conf),
			Heading:    it.heading,
		}
		if it.parent >= 0 {
			p := seqOf[it.parent]
			d.Parent = &p
		}
		d.Cooperating = []string{}
		nameDoer(&d, opt.Units)
		switch {
		case d.OwnerUnit != "":
			d.Unit = d.OwnerUnit // what the text says comes before what was learned
		case opt.Units != nil:
			d.Unit, _ = opt.Units.Suggest(d.Text, d.Theme)
		}
		res.Drafts = append(res.Drafts, d)
	}
	return res
}

// sectionHead is a heading line in force, with its outline level.
type sectionHead struct {
	level int
	s, e  int
	para  int // paragraph of an inline label ("1. Assessment. Each college…"), which labels that paragraph only; -1 for a heading line
}

// headLevel ranks enumerators in an outline: a plan's Goal/Part header
// above 一、 above （一） above 1. above 第一/一是 above bullets.
func headLevel(k enumKind) int {
	switch k {
	case enumHeader:
		return 0
	case enumSection:
		return 1
	case enumParen:
		return 2
	case enumNum:
		return 3
	case enumSeq:
		return 4
	}
	return 5
}

// trackHeadings keeps the stack of headings in force: an enumerated
// sentence closes the headings at its level and below, and a heading opens
// one. A bare topic label at the start of a paragraph ("Budget. Please…")
// counts as a numbered one.
func trackHeadings(s string, sn sentence, si int, sents []sentence, kind enumKind, heading bool, heads []sectionHead) []sectionHead {
	for len(heads) > 0 && heads[len(heads)-1].para >= 0 && heads[len(heads)-1].para != sn.para {
		heads = heads[:len(heads)-1]
	}
	level := -1
	if kind != 0 {
		level = headLevel(kind)
	} else if topicLabel(s, sn, si, sents) {
		level, heading = headLevel(enumNum), true
	}
	if level < 0 {
		return heads
	}
	for len(heads) > 0 && heads[len(heads)-1].level >= level {
		heads = heads[:len(heads)-1]
	}
	if heading {
		para := -1
		if si+1 < len(sents) && !sents[si+1].lineStart {
			para = sn.para
		}
		heads = append(heads, sectionHead{level, sn.s, sn.e, para})
	}
	return heads
}

// topicLabel reports a short English noun phrase that opens a line and is
// followed on that line by the text it labels ("Budget. Please submit…").
func topicLabel(s string, sn sentence, si int, sents []sentence) bool {
	if !sn.lineStart || sn.term != '.' || !isLatinStart(s, sn.s) || si+1 >= len(sents) || sents[si+1].lineStart {
		return false
	}
	return wordCount(s, sn.s, sn.e) <= 3 && !hasMarker(s, sn.s, sn.e) && s[sn.s] >= 'A' && s[sn.s] <= 'Z'
}

// headingText is the innermost heading in force, as written.
func headingText(s string, heads []sectionHead) string {
	if len(heads) == 0 {
		return ""
	}
	h := heads[len(heads)-1]
	return s[h.s:h.e]
}

// found is a draft in the making: its span and theme, the index of the
// enumerated draft it falls under and the heading line above it.
type found struct {
	s, e    int
	theme   string
	conf    float64
	parent  int    // index of the enumerated item it falls under, or -1
	heading string // the section heading line above it
}

// ctxWeight is how much a heading's theme evidence counts in the drafts
// under it.
const ctxWeight = 0.3

// agendaVerbs report that a meeting took up an agenda item, which the
// paragraph's decisions then settle.
var agendaVerbs = [...]string{"听取", "审议", "研究了", "讨论了", "传达学习", "heard the", "heard a ", "considered the", "discussed the", "reviewed the", "received the"}

// agendaReport reports a sentence that opens an agenda item.
func agendaReport(s string, a, b int) bool {
	seg := s[a:b]
	for _, v := range agendaVerbs {
		if strings.Contains(seg, v) {
			return true
		}
	}
	return false
}

// topicWeight is how much a paragraph's opening report ("会议听取了…汇报")
// counts in the directives later in that paragraph.
const topicWeight = 0.3

// round2 rounds a confidence to two places, to keep the JSON short.
func round2(f float64) float64 {
	return float64(int(f*100+0.5)) / 100
}

// groupPieces joins the pieces of one sentence into drafts: a piece joins the
// run before it when it continues the same theme or brings no theme of its
// own, and starts a new draft when it opens an enumeration or a different
// theme. Trailing pieces without a theme (closing exhortations) stand apart
// so that they do not swallow the item before them.
func groupPieces(pcs []piece, out []group) []group {
	lastKnown := -1
	for i := range pcs {
		if pcs[i].top >= evidenceMin {
			lastKnown = i
		}
	}
	for i := range pcs {
		p := &pcs[i]
		known := p.top >= evidenceMin
		startNew := i == 0 || p.enum
		if !startNew {
			g := &out[len(out)-1]
			gth, gtop, _ := pickTheme(&g.sc)
			gKnown := gtop >= evidenceMin
			switch {
			case !known:
				startNew = i > lastKnown && gKnown
			case !gKnown:
				startNew = false
			default:
				startNew = gth != p.th
			}
			// a second doer named in the sentence starts a task of its own
			startNew = startNew || p.owner && g.owner
		}
		if startNew {
			out = append(out, group{s: p.s, e: p.e, enum: p.enum, sc: p.sc, known: known, owner: p.owner})
			continue
		}
		g := &out[len(out)-1]
		g.e = p.e
		g.owner = g.owner || p.owner
		for t := range g.sc {
			g.sc[t] += p.sc[t]
		}
	}
	return out
}
