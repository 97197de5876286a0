package decompose

import "strings"

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
	if !isLatinStart(s, a) {
		return zhCountedLeadIn(s, a, b)
	}
	// "…and I want to name four priorities": a count and a plural noun that
	// close an English sentence. Only its last words are read (whole words,
	// and only when no Chinese comes before them, as words would stop there).
	t := max(a, b-48)
	for t > a && isWordByte(s[t-1]) {
		t--
	}
	for i := a; i < t; i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	var buf [16]wordTok
	ws := words(s, t, b, 16, buf[:0])
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

// themeHit is one match of themeLex in a sentence: where it starts and ends,
// its theme and weight.
type themeHit struct {
	pos, end, cat int
	w             float64
}

// sentenceLex is ruleLex and themeLex in one matcher.
var sentenceLex = merged(ruleLex, themeLex)

// sentenceHits scans a sentence once for both lexicons, so that each clause
// test reads the rule hits, and each piece's theme is summed from the theme
// hits inside it, instead of scanning again.
func sentenceHits(s string, a, b int, rules []ruleHit, themes []themeHit) ([]ruleHit, []themeHit) {
	sentenceLex.scan(s, a, b, func(e *lexEntry, pos int) {
		if e.theme {
			themes = append(themes, themeHit{pos, pos + len(e.pat), e.cat, e.w})
		} else {
			rules = append(rules, ruleHit{pos, e.cat})
		}
	})
	return rules, themes
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
	titleBlock bool     // the first or second line, each one unpunctuated sentence: a title and its subtitle
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
