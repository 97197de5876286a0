package decompose

import "strings"

// zhOpeners are verbs and adverbs a Chinese directive sentence opens with
// when its owner is the audience ("加快推进…", "进一步完善…").
var zhOpeners = []string{
	"着力", "加快", "推进", "推动", "坚持", "加强", "深化", "完善", "健全", "进一步", "持续", "全面", "切实",
	"大力", "积极", "严格", "不断", "扎实", "认真", "建立", "统筹", "确保", "力争", "做好", "抓好", "强化",
	"优化", "提升", "提高", "落实", "贯彻", "实施", "构建", "打造", "探索", "巩固", "扩大", "用好", "稳步",
	"努力", "深入", "主动", "狠抓", "严把", "聚焦", "务必", "必须", "坚决", "牢牢", "始终", "加紧", "抓紧",
	"尽快", "全力", "规范", "压实", "夯实", "围绕", "对照", "紧扣", "紧紧围绕", "严禁", "杜绝", "防止", "严防",
	"坚定", "把握好", "处理好",
}

// zhMarkerBlockBefore / After are characters that make 要 part of another
// word (主要, 重要, 需要, 要求, 要点…) rather than the modal "must".
const zhYaoBefore = "主重需只纪摘概必提首切想显紧简扼不纲靠"
const zhYaoAfter = "求义点素闻害领职件务塞略事员紧"

// runeAfter returns the rune at q, or -1 at the end.
func runeAfter(s string, q, b int) rune {
	if q >= b {
		return -1
	}
	r, _ := decodeAt(s, q)
	return r
}

// zhOwnerOK checks the text between a clause start and a modal: it must read
// as the owner of the task (各学院, 学生工作部、研究生院, 同时), not as a
// condition, a report or a speaker.
func zhOwnerOK(owner string) bool {
	if owner == "" {
		return true
	}
	for _, bad := range [...]string{"了", "看到", "认为", "表示", "如果", "只要", "虽然", "因为", "是否", "能否", "指出", "强调", "是", "在于", "可以", "已经"} {
		if strings.Contains(owner, bad) {
			return false
		}
	}
	n := 0
	for i := 0; i < len(owner); {
		r, size := decodeAt(owner, i)
		if r == '。' || r == '；' || r == '：' {
			return false
		}
		n++
		i += size
	}
	return n <= 20
}

// zhSpeakerOwner says the owner is the meeting itself ("会议原则同意…"), which
// the span leaves out like a speaker.
func zhSpeakerOwner(owner string) bool {
	return owner == "会议" || owner == "会议还" || owner == "会议原则" || owner == "大会"
}

// zhStrong finds a Chinese directive marker near the clause start (要, 必须,
// 务必, 应当, 须, 应, 将, 希望, 请, 同意, 牵头, 由…负责) and returns where the
// span starts: at the named owner before the marker, else at the marker.
func zhStrong(s string, p, b int) (int, bool) {
	st, _, ok := zhStrongMark(s, p, b)
	return st, ok
}

// zhStrongMark is zhStrong that also returns where the marker itself is, so
// that the words before it (the owner) can be told apart.
func zhStrongMark(s string, p, b int) (int, int, bool) {
	n := 0
	for q := p; q < b && n < 22; n++ {
		r, size := decodeAt(s, q)
		if r == '。' || r == '；' || r == '：' || r == '，' {
			return 0, 0, false
		}
		marker := false
		after := q + size
		switch r {
		case '必':
			marker = strings.HasPrefix(s[q:b], "必须")
		case '务':
			marker = strings.HasPrefix(s[q:b], "务必")
		case '要':
			prev := runePrev(s, p, q)
			next := runeAfter(s, after, b)
			if next == '求' && q == p && n == 0 {
				// "对上述问题，要求相关单位…": a notice's demand with no
				// speaker before it is the marker itself
				rest := trimLeft(s, after+len("求"), b)
				if rest < b {
					return p, p, true
				}
			}
			if next == '求' && q > p && !strings.ContainsRune(zhYaoBefore, prev) {
				// "学校要求各学院…": a demand with content after it
				rest := trimLeft(s, after+len("求"), b)
				if rest < b && zhOwnerOK(s[p:q]) {
					if zhSpeakerOwner(s[p:q]) {
						return rest, rest, true
					}
					return p, q, true
				}
			}
			// 要 before a closing quote or title mark ends a quoted word
			// (“等靠要”), it does not ask for anything
			marker = !strings.ContainsRune(zhYaoBefore, prev) && !strings.ContainsRune(zhYaoAfter, next) && next != '”' && next != '》' && next != '’'
			if marker {
				for _, c := range [...]string{"看到", "认识到", "清醒", "明白", "注意到", "承认", "知道", "说"} {
					if strings.HasPrefix(s[after:b], c) {
						marker = false
					}
				}
			}
		case '须':
			prev := runePrev(s, p, q)
			marker = prev != '必' && prev != '无' && prev != '毋' && runeAfter(s, after, b) != '知'
		case '应':
			prev := runePrev(s, p, q)
			next := runeAfter(s, after, b)
			marker = !strings.ContainsRune("相反响适供效对答回感呼顺报理", prev) && !strings.ContainsRune("用对急届聘变收付试征答邀力运", next) &&
				!(next == '到' && headCount(s[after:b])) // the quorum line "应到代表261人"
		case '将':
			prev := runePrev(s, p, q)
			next := runeAfter(s, after, b)
			marker = q > p && !strings.ContainsRune("即必终大武", prev) && !strings.ContainsRune("来近军领士帅", next) &&
				!zhForecast(s[after:b]) && !zhEventOwner(s[p:q])
		case '希':
			marker = strings.HasPrefix(s[q:b], "希望") && q-p <= 9 && runeAfter(s, q+len("希望"), b) != '的'
		case '请':
			marker = q == p && !strings.ContainsRune("示假求教", runeAfter(s, after, b))
		case '同', '原':
			if strings.HasPrefix(s[q:b], "同意") || strings.HasPrefix(s[q:b], "原则同意") {
				owner := s[p:q]
				marker = owner == "" || zhSpeakerOwner(owner)
			}
		case '牵':
			marker = q > p && strings.HasPrefix(s[q:b], "牵头")
		case '由':
			if q == p || n > 0 {
				end := q
				for k := 0; k < 14 && end < b; k++ {
					_, sz := decodeAt(s, end)
					end += sz
				}
				for _, v := range [...]string{"牵头", "负责", "会同", "统筹", "另行", "组织实施"} {
					if strings.Contains(s[q:end], v) {
						marker = true
					}
				}
			}
		}
		if marker {
			owner := s[p:q]
			if !zhOwnerOK(owner) {
				return 0, 0, false
			}
			if zhSpeakerOwner(owner) {
				return q, q, true
			}
			if r == '希' && (owner == "也" || owner == "还" || owner == "更" || owner == "并" || owner == "同时也") {
				return q, q, true // "也希望…" is spanned from the marker
			}
			return p, q, true
		}
		q = after
	}
	return 0, 0, false
}

// zhForecastWords after 将 make a forecast or a programme, not a task: a
// situation that will last (态势将长期存在), what the audience will hear
// or see at a meeting (学员们将聆听…), a speech still to come (还将作重要讲话).
var zhForecastWords = [...]string{"长期", "成为", "面临", "迎来", "进入", "聆听", "观看", "参观", "出席", "作重要讲话", "作讲话", "发表讲话"}

// zhForecast reports such words right after 将.
func zhForecast(rest string) bool {
	for _, w := range zhForecastWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// zhEventOwner reports an event as the subject of 将 ("培训还将围绕…分组
// 研讨", "论坛将…"): the programme of a meeting, which nobody is asked to do.
func zhEventOwner(owner string) bool {
	owner = strings.TrimSuffix(strings.TrimSuffix(owner, "还"), "也")
	for _, w := range [...]string{"培训", "会议", "大会", "活动", "论坛", "研讨会", "仪式", "开幕式", "闭幕式"} {
		if strings.HasSuffix(owner, w) {
			return true
		}
	}
	return false
}

// headCount reports a head count ("到代表261人") in a clause, as a
// congress's quorum line gives it.
func headCount(seg string) bool {
	for i := 1; i < len(seg); i++ {
		if seg[i-1] >= '0' && seg[i-1] <= '9' && (strings.HasPrefix(seg[i:], "人") || strings.HasPrefix(seg[i:], "名")) {
			return true
		}
	}
	return false
}

// runePrev returns the rune that ends at q, walking forward from p so the
// answer agrees with decodeAt on invalid bytes.
func runePrev(s string, p, q int) rune {
	if q <= p {
		return -1
	}
	// walk forward from p to find the rune that ends at q
	var last rune = -1
	for i := p; i < q; {
		r, size := decodeAt(s, i)
		last = r
		i += size
	}
	return last
}

// zhWeak reports a Chinese imperative opener at p.
func zhWeak(s string, p, b int) bool {
	for _, w := range zhOpeners {
		if strings.HasPrefix(s[p:b], w) {
			return true
		}
	}
	return false
}

// zhFrameVerbs introduce what a speaker or a meeting said.
var zhFrameVerbs = [...]string{"指出", "强调", "要求", "表示", "提出", "认为", "指示", "宣布", "号召", "寄语", "谈到", "提到", "说", "决定", "希望"}

// zhFrameFirst holds the first characters of zhFrameVerbs, to skip quickly.
var zhFrameFirst = newRuneSet("指强要表提认宣号寄谈说决希")

// zhFrame recognises a speaker framing ("林振华强调，", "会议要求：",
// "张军在总结讲话中强调") and returns where the reported content starts.
func zhFrame(s string, p, b int) (int, bool) {
	n := 0
	for q := p; q < b && n < 30; n++ {
		r, size := decodeAt(s, q)
		if !zhFrameFirst.has(r) {
			q += size
			continue
		}
		for _, v := range zhFrameVerbs {
			if !strings.HasPrefix(s[q:b], v) {
				continue
			}
			after := q + len(v)
			if q == p {
				continue
			}
			owner := s[p:q]
			if strings.HasSuffix(owner, "的") {
				break // "按照…的要求": the verb is a noun here, nobody speaks
			}
			if strings.ContainsAny(owner, "要必务须") && !strings.Contains(owner, "主要") && !strings.Contains(owner, "重要") {
				return 0, false
			}
			rest := trimLeft(s, after, b)
			if v == "希望" {
				continue // 希望 is itself a directive marker; its owner stays in the span
			}
			if rest >= b {
				return b, true
			}
			if v == "说" || v == "提出" || v == "决定" || v == "表示" || v == "认为" {
				if _, ok := zhStrong(s, rest, b); ok {
					return rest, true
				}
				continue
			}
			if _, ok := zhStrong(s, rest, b); ok {
				return rest, true
			}
			if zhWeak(s, rest, b) {
				return rest, true
			}
		}
		_ = r
		q += size
	}
	return 0, false
}

// enModalAfter lists the words that, after an owner, make a clause a task:
// "the Human Resources Office will publish", "every school must…".
func enModal(ws []wordTok, k int) (int, bool) {
	w := ws[k].w
	switch w {
	case "will", "must", "should", "shall", "'ll":
		return k + 1, true
	case "need", "needs", "has", "have", "ought":
		if k+1 < len(ws) && ws[k+1].w == "to" {
			return k + 2, true
		}
	case "is", "are":
		if k+1 < len(ws) {
			switch ws[k+1].w {
			case "to":
				return k + 2, true
			case "responsible":
				// MT of 由X负责: "The Graduate School is responsible for implementation"
				if k+2 < len(ws) && ws[k+2].w == "for" {
					return k + 3, true
				}
			case "expected", "required", "asked", "requested", "invited", "encouraged":
				// "is expected to remain tight" forecasts a state; nobody acts
				if k+2 < len(ws) && ws[k+2].w == "to" && !(ws[k+1].w == "expected" && k+3 < len(ws) && stateVerbs[ws[k+3].w]) {
					return k + 3, true
				}
			}
		}
	}
	return 0, false
}

// stateVerbs after "is expected to" describe how things will be, not what
// anyone will do.
var stateVerbs = wordSet(`remain be stay grow rise fall increase decrease decline reach exceed last`)

// npStop are words that cannot be inside a task owner: complementisers,
// reporting and belief verbs, pronouns that make a statement.
var npStop = map[string]bool{
	"that": true, "what": true, "which": true, "who": true, "whom": true, "whose": true, "how": true,
	"whether": true, "if": true, "because": true, "although": true, "though": true, "when": true,
	"where": true, "why": true, "while": true, "it": true, "there": true, "believe": true,
	"think": true, "hope": true, "expect": true, "said": true, "says": true, "sets": true, "showed": true,
	"shows": true, "promised": true, "would": true, "could": true, "might": true, "may": true, "can": true,
	"told": true, "hoped": true, "thought": true, "feel": true, "feels": true, "know": true, "sure": true,
	"but": true, "year": true, "years": true, "time": true, "future": true, "day": true, "describes": true,
	"outlines": true, "explains": true, "lists": true, "presents": true, "summarizes": true, "notes": true,
	"states": true, "means": true, "suggests": true, "predicts": true, "expects": true,
}

// enStrong finds an English directive marker at the clause start: "It is
// necessary to", "We should/must/need to/will", "I ask…", "Please", or a
// named owner followed by will/must/should. It returns where the span starts.
func enStrong(s string, p, b int) (int, bool) {
	var buf [12]wordTok
	ws := words(s, p, b, 12, buf[:0])
	if len(ws) < 2 || ws[0].s != p {
		return 0, false
	}
	w0, w1 := ws[0].w, ws[1].w
	if w0 == "it" && w1 == "is" && len(ws) >= 4 && ws[3].w == "to" {
		switch ws[2].w {
		case "necessary", "essential", "imperative", "vital", "crucial", "required", "urgent", "important":
			if ws[2].w == "important" && len(ws) >= 5 {
				switch ws[4].w {
				case "note", "remember", "recognize", "recognise", "understand", "realize", "stress", "say":
					return 0, false
				}
			}
			return p, true
		}
	}
	if w0 == "please" {
		return p, true
	}
	// machine translation of "学习贯彻X要做到…": a gerund subject that
	// "require(s)" what follows
	if len(w0) > 5 && strings.HasSuffix(w0, "ing") {
		for k := 1; k < len(ws) && k <= 10; k++ {
			if npStop[ws[k].w] {
				break
			}
			if ws[k].w == "require" || ws[k].w == "requires" {
				return p, true
			}
		}
	}
	// "The Task Force recommends that the Provost appoint…": the task is
	// what follows "that", a subjunctive the speaker asks for
	if st, ok := mandative(s, ws, b); ok {
		return st, true
	}
	// commitments without a modal: "We are fully committed to…", "We
	// remain committed to…", "Our goals remain focused on…"
	if (w0 == "we" || w0 == "our") && committed(ws) {
		return p, true
	}
	if w0 == "i" || w0 == "we" || w0 == "i'm" {
		k := 1
		if w0 == "i" && (w1 == "am" || w1 == "have") {
			k = 2 // "I am asking…", "I have asked the Senate to…"
		}
		if k < len(ws) {
			switch ws[k].w {
			case "ask", "asking", "asked", "urge", "urging", "call", "calling", "encourage", "invite", "request", "charge", "direct", "challenge":
				return p, true
			case "want", "expect":
				if k+1 < len(ws) {
					switch ws[k+1].w {
					case "you", "each", "every", "all", "our", "the", "everyone":
						return p, true
					}
				}
			}
		}
	}
	if w0 == "we" || w0 == "you" || w0 == "we'll" {
		if w0 == "we'll" {
			return p, true
		}
		if _, ok := enModal(ws, 1); ok {
			if w0 == "you" && (w1 == "will" || w1 == "'ll") {
				return 0, false
			}
			if sentiment(ws, 2) {
				return 0, false // "we should be proud of that"
			}
			return p, true
		}
		if w1 == "are" && len(ws) > 3 && ws[2].w == "going" && ws[3].w == "to" {
			return p, true
		}
		return 0, false
	}
	// machine translation drops 要 after a quantified owner: "All colleges
	// complete the self-inspection before June 30" (各学院要…完成)
	if quantifiedOwner(ws) {
		return p, true
	}
	// owner + modal; an owner is a short noun phrase, not a clause joined
	// on with "and"
	switch w0 {
	case "and", "but", "so", "or", "yet", "then":
		return 0, false
	}
	for k := 1; k < len(ws) && k <= 8; k++ {
		// "it" after a preposition is an object inside the owner ("the
		// fees charged for it"), not the subject of a statement
		objectIt := ws[k-1].w == "it" && k >= 2 && (ws[k-2].w == "for" || ws[k-2].w == "by" || ws[k-2].w == "of" || ws[k-2].w == "to")
		if npStop[ws[k-1].w] && !objectIt {
			return 0, false
		}
		if _, ok := enModal(ws, k); ok {
			// an owner is a noun phrase; a verb form ending in -ed before the
			// modal signals reporting ("the board agreed it would")
			for j := 0; j < k; j++ {
				// a participle after a noun ("the fees charged for them")
				// still describes the owner
				participle := j > 0 && j+1 < k && (ws[j+1].w == "for" || ws[j+1].w == "by")
				if isPastForm(ws[j].w) && !participle {
					return 0, false
				}
			}
			if ws[0].w == "i" || passiveFuture(ws, k) || sentiment(ws, k+1) || notYet(ws, k) {
				return 0, false
			}
			return p, true
		}
		// the owner ends at a punctuation gap (a dot after an initial or a
		// title such as "Dr." does not end it)
		if ws[k].s > ws[k-1].e+1 && s[ws[k-1].e] != ' ' && s[ws[k-1].e] != '\'' && s[ws[k-1].e] != '.' {
			return 0, false
		}
	}
	return 0, false
}

// quantifiedOwner reports "All/Each/Every <noun…> <base verb>": an owner
// named by a quantifier, then a verb of work with no modal before it.
func quantifiedOwner(ws []wordTok) bool {
	switch ws[0].w {
	case "all", "each", "every":
	default:
		return false
	}
	for k := 1; k < len(ws) && k <= 5; k++ {
		w := ws[k].w
		if enAdverbs[w] || k < 2 {
			continue
		}
		if enImperatives[w] {
			return k+1 >= len(ws) || !nounFollow[ws[k+1].w]
		}
		if npStop[w] || isPastForm(w) || pronouns[w] {
			return false // "Every year we review…": a habit, with its own subject
		}
	}
	return false
}

// pronouns end a quantified owner: the clause has another subject.
var pronouns = wordSet(`i we you they he she our their his her its`)

// committed reports "are (fully) committed to" or "remain(s) focused on"
// within the first words of a clause opened by we/our.
func committed(ws []wordTok) bool {
	for k := 1; k+1 < len(ws) && k <= 4; k++ {
		switch ws[k].w {
		case "are", "remain", "remains", "stay", "stays":
			j := k + 1
			for j < len(ws) && enAdverbs[ws[j].w] {
				j++
			}
			if j+1 < len(ws) && (ws[j].w == "committed" && ws[j+1].w == "to" || ws[j].w == "focused" && ws[j+1].w == "on") {
				return ws[k].w != "are" || ws[j].w == "committed"
			}
		}
	}
	return false
}

// feelingWords after "we should be" make a sentiment, not a task.
var feelingWords = wordSet(`proud grateful thankful pleased glad happy confident optimistic honored honoured delighted
excited aware mindful clear honest realistic sure`)

// sentiment reports "(all) be proud…" from word k on.
func sentiment(ws []wordTok, k int) bool {
	for k < len(ws) && (ws[k].w == "all" || ws[k].w == "also" || ws[k].w == "really" || ws[k].w == "truly") {
		k++
	}
	return k+1 < len(ws) && ws[k].w == "be" && feelingWords[ws[k+1].w]
}

// passiveFuture reports "X will be reported…": a plan describing what will
// happen, with nobody asked to do it.
func passiveFuture(ws []wordTok, k int) bool {
	return ws[k].w == "will" && k+2 < len(ws) && ws[k+1].w == "be" && isPastForm(ws[k+2].w) &&
		ws[k+2].w != "required" && ws[k+2].w != "expected" && ws[k+2].w != "asked"
}

// notYet reports "X will not be final until June": a forecast of a state,
// which nobody is asked to bring about.
func notYet(ws []wordTok, k int) bool {
	return ws[k].w == "will" && k+2 < len(ws) && ws[k+1].w == "not" && ws[k+2].w == "be"
}

// irregularPast are past forms without -ed, for spotting reports.
var irregularPast = map[string]bool{
	"was": true, "were": true, "had": true, "did": true, "rose": true, "grew": true, "made": true, "held": true,
	"took": true, "gave": true, "won": true, "met": true, "led": true, "began": true, "became": true, "saw": true,
	"went": true, "came": true, "brought": true, "built": true, "spent": true, "fell": true, "told": true, "said": true,
	"heard": true, "thought": true, "felt": true, "kept": true, "left": true, "sent": true, "stood": true,
}

// edNotPast are -ed words that are not past tense.
var edNotPast = map[string]bool{"need": true, "speed": true, "proceed": true, "exceed": true, "embed": true, "indeed": true, "red": true, "bed": true, "feed": true, "seed": true, "shed": true, "breed": true, "succeed": true, "bred": true, "united": true, "limited": true, "based": true, "advanced": true, "talented": true, "detailed": true, "dedicated": true, "integrated": true, "organized": true, "sophisticated": true, "interested": true, "experienced": true, "qualified": true}

// isPastForm guesses a past-tense verb, which marks reporting.
func isPastForm(w string) bool {
	if irregularPast[w] {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !edNotPast[w]
}

// enImperatives are base-form verbs that open a directive clause in plans and
// in machine translation ("Promote…", "Strengthen…", "Build…").
var enImperatives = wordSet(`promote strengthen deepen advance build focus continue improve enhance implement establish
create expand develop launch ensure accelerate cultivate consolidate optimize optimise refine perfect adhere uphold
insist persist carry do make take give put speed study review deploy clarify strive drive move reduce cut publish
partner grow fund guarantee redesign revise commission explore benchmark prepare bring add require support
encourage increase raise provide plan adopt complete finish organize organise coordinate integrate serve reform
innovate upgrade standardize standardise regulate tighten combine open attract recruit retain train foster nurture
invest allocate secure protect prevent resolve address tackle pursue achieve maintain keep form shape guide lead
deliver host introduce extend double streamline simplify digitize modernize modernise help mobilize mobilise stimulate
motivate practise practice follow grasp seize break overcome solve eliminate crack learn educate teach report submit
draft design evaluate assess monitor track examine inspect audit reinforce broaden widen enrich boost attach emphasize
emphasise highlight concentrate accomplish rebuild renovate construct equip diversify internationalize internationalise
set work strictly vigorously actively further fully deeply comprehensively earnestly firmly constantly continuously
effectively steadily resolutely seriously conscientiously systematically carefully jointly truly always better
persistently solidly properly timely efficiently precisely accurately scientifically urgently
plant install replace hire appoint designate nominate conduct update renew pilot hold define identify
freeze confirm send notify inform share post approve align apply cancel suspend pause stop attend
shred archive scan return remove delete collect sign check verify register contact tell record log`)

// enAdverbs may precede the verb of an imperative clause.
var enAdverbs = wordSet(`strictly vigorously actively further fully deeply comprehensively earnestly firmly constantly
continuously effectively steadily resolutely seriously conscientiously systematically carefully jointly truly always
better persistently solidly properly timely efficiently precisely accurately scientifically urgently also then`)

// wordSet builds a set from a blank-separated list.
func wordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// nounFollow after an opener word shows it is a noun ("Support for…").
var nounFollow = wordSet(`of for is are was were has have had will would can could may might must should shall 's`)

// enWeak reports an imperative opener at p; mid-sentence it must be
// capitalised, which is how machine translation joins directive clauses with
// ASCII commas (",Strengthen budget…").
func enWeak(s string, p, b int, needCap bool) bool {
	if p >= b || s[p] >= 0x80 {
		return false
	}
	if needCap && !(s[p] >= 'A' && s[p] <= 'Z') {
		return false
	}
	var buf [4]wordTok
	ws := words(s, p, b, 4, buf[:0])
	if len(ws) == 0 || ws[0].s != p {
		return false
	}
	k := 0
	if ws[0].w == "to" && len(ws) > 1 && enImperatives[ws[1].w] && !enAdverbs[ws[1].w] {
		return true
	}
	// machine translation drops the subject of 必须/应/需要: "Must adhere to…"
	switch ws[0].w {
	case "must", "should":
		return len(ws) > 1 && ws[1].w != "be"
	case "need":
		return len(ws) > 1 && ws[1].w == "to"
	}
	for k < len(ws)-1 && enAdverbs[ws[k].w] {
		k++
	}
	if !enImperatives[ws[k].w] || (k > 0 && enAdverbs[ws[k].w]) {
		return false
	}
	if enAdverbs[ws[k].w] {
		return false
	}
	if k+1 < len(ws) && nounFollow[ws[k+1].w] {
		return false
	}
	return true
}

// enFrameVerbs introduce reported speech.
var enFrameVerbs = wordSet(`stressed emphasized emphasised said noted added stated underlined underscored urged remarked
insisted required requested declared indicated reiterated highlighted pointed called asked demanded`)

// enFrame recognises "X stressed that", "He pointed out,", "Chen said the…",
// "The meeting required all units to…" and returns the content start.
func enFrame(s string, p, b int) (int, bool) {
	var buf [14]wordTok
	ws := words(s, p, b, 14, buf[:0])
	if len(ws) < 2 || ws[0].s != p {
		return 0, false
	}
	for k := 1; k < len(ws) && k <= 9; k++ {
		w := ws[k].w
		if !enFrameVerbs[w] {
			if _, ok := enModal(ws, k); ok {
				return 0, false
			}
			continue
		}
		next := k + 1
		if w == "pointed" {
			if next >= len(ws) || ws[next].w != "out" {
				continue
			}
			next++
		}
		if w == "called" {
			if next >= len(ws) || (ws[next].w != "on" && ws[next].w != "for" && ws[next].w != "upon") {
				continue
			}
			next++
		}
		end := ws[k].e
		if next-1 > k {
			end = ws[next-1].e
		}
		if next >= len(ws) {
			// nothing after the verb but punctuation: the content is the next clause
			return b, true
		}
		switch ws[next].w {
		case "that":
			return ws[next].e, true
		case "in", "at", "during", "when", "while", "on":
			// "pointed out in his comments": look for a later "that"
			for j := next + 1; j < len(ws); j++ {
				if ws[j].w == "that" {
					return ws[j].e, true
				}
			}
			if _, ok := enStrong(s, trimLeft(s, end, b), b); !ok {
				return b, true
			}
		}
		switch w {
		case "urged", "required", "requested", "asked", "called":
			if ws[0].w == "i" || ws[0].w == "we" {
				return 0, false // "I have asked the Senate to…" is the speaker's own request
			}
			// demand verbs: the object must be followed by "to <verb>"
			for j := next; j < len(ws)-1; j++ {
				if ws[j].w == "to" {
					return trimLeft(s, end, b), true
				}
			}
			return 0, false
		}
		return trimLeft(s, end, b), true
	}
	return 0, false
}

// mandVerbs ask for an action in the subjunctive: "recommends that the
// university increase…". Past forms report and are left out.
var mandVerbs = wordSet(`recommend recommends propose proposes request requests`)

// mandative finds "<owner> recommends that <someone> <verb>" within the
// first words and returns where the requested task starts (after "that").
func mandative(s string, ws []wordTok, b int) (int, bool) {
	for k := 0; k+2 < len(ws) && k <= 6; k++ {
		if npStop[ws[k].w] && ws[k].w != "that" {
			return 0, false
		}
		if mandVerbs[ws[k].w] && ws[k+1].w == "that" {
			st := trimLeft(s, ws[k+1].e, b)
			return st, st < b
		}
	}
	return 0, false
}
