package decompose

import (
	"strings"
	"unicode/utf8"
)

// nameDoer fills in what the draft's own words say about who must act and
// by when: Owner and Deadline as the text writes them, and, when the
// institution's unit names are known, OwnerUnit and Cooperating. A clerk
// filling in a 任务分解表 copies exactly these from the speech, so the words
// are kept as written (substrings of the draft) and resolved later. The
// owner is read here (Chinese) and in named_en.go, the deadline in
// deadline.go, the unit codes in named_units.go.
func nameDoer(d *Draft, units *Suggester) {
	s := d.Text
	a, b, np := findOwner(s)
	if b > a && utf8.ValidString(s[a:b]) {
		d.Owner = s[a:b]
	}
	if a, b := findDeadline(s); b > a && utf8.ValidString(s[a:b]) {
		d.Deadline = s[a:b]
	}
	if units == nil {
		return
	}
	units.mu.RLock()
	defer units.mu.RUnlock()
	if d.Owner != "" {
		d.OwnerUnit = units.unitOf(d.Owner)
		// the others of a joint owner ("学生工作部和研究生院要…", "The
		// Graduate School and the Student Work Department should…") share
		// the task; the first leads, the rest cooperate
		from := b
		if isLatinStart(s, a) {
			from = a
		}
		d.Cooperating = units.unitsIn(s[from:np], d.Cooperating, d.OwnerUnit)
	}
	forCooperating(s, func(x, y int) {
		d.Cooperating = units.unitsIn(s[x:y], d.Cooperating, d.OwnerUnit)
	})
}

// clauseBreak reports the punctuation that ends a clause inside a draft.
// An English full stop counts only before a blank ("Dr. Kim" aside, drafts
// rarely hold one otherwise).
func clauseBreak(s string, i int) (bool, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		switch c {
		case ',', ';', ':', '!', '?', '\n':
			return true, 1
		case '.':
			return i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '\n', 1
		}
		return false, 1
	}
	r, size := decodeAt(s, i)
	switch r {
	case '，', '。', '；', '：', '！', '？':
		return true, size
	}
	return false, size
}

// clauseEnd returns the end of the clause starting at p. It steps byte by
// byte and decodes only at the bytes a break can start with (0xE3 and 0xEF
// for the Chinese ones, which no continuation byte equals): this runs over
// every draft.
func clauseEnd(s string, p int) int {
	for i := p; i < len(s); i++ {
		if c := s[i]; breakByte[c] {
			if brk, _ := clauseBreak(s, i); brk {
				return i
			}
		}
	}
	return len(s)
}

// breakByte marks the bytes a clause break can start with.
var breakByte = [256]bool{',': true, ';': true, ':': true, '!': true, '?': true, '\n': true, '.': true, 0xE3: true, 0xEF: true}

// clause outcomes of the owner readers
const (
	noSubject   = iota // the clause names nobody
	institution        // the institution or the audience acts (学校要…, "we will…")
	named              // a unit or group is named as the doer
)

// findOwner returns the owner's byte span in the draft and the end of the
// noun phrase it heads (past it, a joint owner's other members), or zeros.
// It reads clause by clause and takes the first clause whose subject is a
// named unit or group, because the owner of a long item is often named
// after a clause or two of context ("七是加大投入。要统筹…，财务处要…").
func findOwner(s string) (int, int, int) {
	lineStart := true
	for c := 0; c < len(s); {
		e := clauseEnd(s, c)
		p := trimLeft(s, c, e)
		if lineStart {
			if end, _, ok := enumAt(s, p, e); ok {
				p = trimLeft(s, end, e)
			}
		}
		if p < e {
			var a, b, np, kind int
			if isLatinStart(s, p) {
				a, b, kind = enClauseOwner(s, p, e)
				np = b
			} else {
				a, b, np, kind = zhClauseOwner(s, p, e)
			}
			if kind == named {
				return a, b, np
			}
			if kind == noSubject && isLatinStart(s, p) {
				if a, b := enAside(s, p, e); b > a {
					return a, b, b
				}
			}
		}
		if e >= len(s) {
			break
		}
		lineStart = s[e] == '\n'
		_, size := clauseBreak(s, e)
		c = e + size
	}
	if a, b := enAgent(s); b > a {
		return a, b, b
	}
	return 0, 0, 0
}

// zhDoerLeads open a clause whose doer comes right after them: 要求相关单位…
// (with no speaker before it), 请人事处于…前, 由教务处牵头, 责成…, 督促…,
// 希望各学院….
var zhDoerLeads = [...]string{"要求", "请", "由", "责成", "督促", "希望"}

// zhLinkers join a clause to the one before without changing its subject.
var zhLinkers = [...]string{"同时", "此外", "另外", "并且", "其中", "并", "还"}

// zhRoleNouns are nouns made of a verb and 单位/部门/人 (牵头单位 leads, 配合
// 单位 helps): they name doers although they open with a verb.
var zhRoleNouns = [...]string{"牵头单位", "牵头部门", "牵头人", "配合单位", "配合部门", "责任单位", "责任部门", "责任人",
	"承办单位", "协办单位", "主办单位", "参与单位", "主责单位", "主责部门", "负责人", "负责单位", "负责部门", "负责同志",
	"负责制", "联合培养"}

// zhClauseOwner reads the subject of a Chinese clause: the words before its
// predicate. The predicate is found by its first word (a modal, an adverb,
// a preposition or a work verb), because Chinese writes no space and a
// dictionary of unit names is not always at hand; the subject counts as a
// doer when its head noun is one of an organisation or a group (处, 部门,
// 干部, 委员会, 辅导员…).
func zhClauseOwner(s string, p, e int) (a, b, np, kind int) {
	for _, w := range zhLinkers {
		if strings.HasPrefix(s[p:e], w) {
			p += len(w)
			break
		}
	}
	lead := false
	for _, w := range zhDoerLeads {
		if strings.HasPrefix(s[p:e], w) {
			if w == "请" && !zhPleaseLead(s, p+len(w), e) {
				break
			}
			p += len(w)
			lead = true
			break
		}
	}
	if p >= e {
		return 0, 0, 0, noSubject
	}
	if !zhRoleNounAt(s, p, e) {
		if _, ok := zhPredAt(s, p, p, e); ok && zhModalSoon(s, p, p, e) == 0 {
			return 0, 0, 0, noSubject // a clause opened by its verb has no subject of its own
		}
	}
	n := 0
	prev := rune(-1)
	for q := p; q < e && n < 24; n++ {
		r, size := decodeAt(s, q)
		if r == '“' || r == '”' || r == '《' || r == '(' || r == '（' || r == '"' || r >= '0' && r <= '9' {
			break // a quotation, a title or a figure is not a doer
		}
		if q > p && !lead && r == '由' && zhByAt(s, p, q, e) {
			// "项目经费由财务处单列预算": the doer follows 由
			return zhClauseOwnerAfter(s, q, e)
		}
		// a predicate matters only as a modal or after a doer's (or the
		// institution's) last character; elsewhere it is part of the subject
		if q > p && (zhModalFirst.has(r) || zhActorIndex.mayEnd(prev) || zhInstitutionEnds.has(prev)) {
			strong, ok := zhPredAt(s, p, q, e)
			if ok && !strong && !zhActor(s[p:q]) && !zhInstitution(s[p:q]) {
				ok = false // a verb inside a longer subject, or after a topic: read on
			}
			if ok && !strong {
				// a verb that is also the start of a longer name before a
				// modal: 各级工会|组织要, 党委|组织部牵头
				if q2 := zhModalSoon(s, p, q, e); q2 > q {
					q, strong = q2, true
				}
			}
			if ok {
				if strong && !lead && strings.HasPrefix(s[q:e], "要求") {
					// "周明远要求各分组召集人…", "学校要求各学院…": the doer is
					// the one asked, whoever asks
					return zhClauseOwnerAfter(s, q+len("要求"), e)
				}
				k := zhSubject(s, p, q, e)
				if k == named {
					a, b := zhHead(s, p, q)
					return a, b, q, named
				}
				if strong || k == institution {
					return 0, 0, 0, k
				}
			}
		}
		q += size
		prev = r
	}
	if lead {
		if q := zhLeadDoer(s, p, e); q > p && !zhInstitution(s[p:q]) {
			return p, q, q, named
		}
	}
	return 0, 0, 0, noSubject
}

// zhLeadDoer reads the doer right after 由/请/要求 when its verb is none the
// predicate list knows ("由分管校领导约谈…", "由财务处单列预算"): the shortest
// name of a doer, grown while the next few characters still end a doer
// (分管校 → 分管校领导; 资产与实验室 → 资产与实验室管理处).
func zhLeadDoer(s string, p, e int) int {
	best, bestN := 0, 0
	n := 0
	for q := p; q < e && n < 16; n++ {
		r, size := decodeAt(s, q)
		if isTrimRune(r) || r == '“' || r == '《' || r == '的' || r >= '0' && r <= '9' || best == 0 && n >= 10 {
			break
		}
		q += size
		if !zhActor(s[p:q]) {
			continue
		}
		if best > 0 && n+1-bestN > 3 {
			break
		}
		best, bestN = q, n+1
	}
	return best
}

// zhByAt reports 由 meaning "by" at q, not inside 理由, 自由, 由于, 由此.
func zhByAt(s string, p, q, e int) bool {
	_, size := decodeAt(s, q)
	return !strings.ContainsRune("理自缘经", runePrev(s, p, q)) && !strings.ContainsRune("于此衷", runeAfter(s, q+size, e))
}

// zhClauseOwnerAfter reads the one asked after 要求 (or the doer after 由), once.
func zhClauseOwnerAfter(s string, p, e int) (a, b, np, kind int) {
	a, b, np, kind = zhClauseOwner(s, p, e)
	if kind == named || p >= e {
		return a, b, np, kind
	}
	return 0, 0, 0, noSubject
}

// zhModalSoon looks a few characters past a verb found after a doer's name
// for a modal, and returns it when the words up to it still name a doer.
func zhModalSoon(s string, p, q, e int) int {
	_, size := decodeAt(s, q)
	q2 := q + size
	for n := 0; q2 < e && n < 6; n++ {
		r, sz := decodeAt(s, q2)
		if !zhModalFirst.has(r) {
			q2 += sz
			continue
		}
		if strong, ok := zhPredAt(s, p, q2, e); ok && strong {
			if zhActor(s[p:q2]) {
				return q2
			}
			return 0
		}
		q2 += sz
	}
	return 0
}

// zhModalFirst are the first characters of the modals zhPredAt knows.
var zhModalFirst = newRuneSet("要将应须必务需负牵会配协")

// zhPleaseLead reports 请 that asks someone to act (请人事处…, 请教务处…),
// not 请示, 请假, 请求 or 请教 ("consult").
func zhPleaseLead(s string, q, e int) bool {
	r := runeAfter(s, q, e)
	switch r {
	case '示', '假', '求':
		return false
	case '教':
		_, size := decodeAt(s, q)
		return strings.ContainsRune("务育师学", runeAfter(s, q+size, e))
	}
	return true
}

// zhRoleNounAt reports a role noun (牵头单位, 配合部门) at p.
func zhRoleNounAt(s string, p, e int) bool {
	if p >= e {
		return false
	}
	r, _ := decodeAt(s, p)
	return zhRoleIndex.startsWith(s[p:e], r)
}

// zhRoleIndex holds zhRoleNouns by their first character.
var zhRoleIndex = newWordIndex(false, zhRoleNouns[:])

// zhSubject judges the words s[p:q] before a predicate: a named doer, the
// institution itself, or nothing (a topic: 课后服务要办出质量).
func zhSubject(s string, p, q, e int) int {
	sub := s[p:q]
	if zhInstitution(sub) {
		return institution
	}
	if !zhActor(sub) {
		return noSubject // the head ends the subject: no doer's ending, no doer
	}
	a, b := zhHead(s, p, q)
	if !zhActor(s[a:b]) {
		return noSubject
	}
	// "三年前学校启动了…": a report of what was done names no owner
	if end := min(e, q+4*len("了")); strings.Contains(s[q:end], "了") { // within four characters
		return noSubject
	}
	// "X是本单位…的第一责任人，要…": a copula names a doer only when it
	// hands X a responsibility
	if strings.HasPrefix(s[q:e], "是") && !strings.Contains(s[q:e], "责任") {
		return noSubject
	}
	// "X要办出特色", "X要进一步规范": the subject is what is to be run or
	// regulated, not who runs it
	if zhPassive(s, q, e) {
		return noSubject
	}
	return named
}

// zhInstitutionWords are the institution, the audience or the meeting: not
// owners.
var zhInstitutionWords = [...]string{"学校", "我校", "本校", "大学", "我们", "我", "咱们", "大家", "同志们", "各位", "你们",
	"会议", "大会", "全会", "本次会议", "学校党委", "校党委", "学校党委和行政", "学校各级"}

// zhInstitutionEnds are the last characters of zhInstitutionWords.
var zhInstitutionEnds = newRuneSet("校学们我家位议会委政级")

// zhInstitution reports the institution, the audience, the meeting, or
// everyone (全体干部, 广大师生, 全校教职工); a group inside the whole keeps
// its name (全校各级党组织, 全校学生工作干部).
func zhInstitution(sub string) bool {
	for _, w := range zhInstitutionWords {
		if sub == w {
			return true
		}
	}
	if strings.HasPrefix(sub, "全体") || strings.HasPrefix(sub, "广大") {
		return true
	}
	if !strings.HasPrefix(sub, "各") && (strings.HasSuffix(sub, "学校") || strings.HasSuffix(sub, "我校") || strings.HasSuffix(sub, "本校")) {
		return true // 今年学校…, 三年来我校…; but 各中小学校 are owners
	}
	if strings.HasPrefix(sub, "全") && !strings.Contains(sub, "各") {
		_, size := decodeAt(sub, 0)
		rest := sub[size:]
		if _, size := decodeAt(rest+" ", 0); len(rest) >= size {
			rest = rest[size:] // 全校, 全市, 全院: the whole of it
		}
		for _, w := range zhEveryone {
			if rest == w || strings.HasSuffix(rest, w) && len(rest) == len(w) {
				return true
			}
		}
		return rest == "" || !zhActor(rest)
	}
	return false
}

// zhEveryone are the people of the whole institution: 全校(师生|教职工|干部…).
var zhEveryone = [...]string{"师生", "教职工", "教职员工", "干部", "党员", "同志", "上下", "人员", "学生", "教师", "员工", "党员干部", "师生员工"}

// zhHead narrows the subject s[p:q] to its doer: the head after the last 的
// (跨部门任务的配合单位 → 配合单位) and the first of several joined by 、 和 及
// when that first one is itself a doer (学生工作部和研究生院 → 学生工作部).
// 与 is left alone: it joins the words of many unit names (资产与实验室管理处).
func zhHead(s string, p, q int) (int, int) {
	// 协议涉及的共建经费由财务处会同… → 财务处; 今年以来各学院… → 各学院
	start := p
	for i := p; i < q; {
		r, size := decodeAt(s, i)
		if zhHeadCutFirst.has(r) {
			for _, w := range zhHeadCuts {
				if strings.HasPrefix(s[i:q], w) {
					start = i + len(w)
					break
				}
			}
		}
		i += size
	}
	p = start
	for i := p; i < q; {
		r, size := decodeAt(s, i)
		cut := 0
		switch {
		case r == '、':
			cut = size
		case strings.HasPrefix(s[i:q], "以及"):
			cut = len("以及")
		case r == '和' || r == '及':
			cut = size
		}
		if cut > 0 && i > p && zhActor(s[p:i]) {
			return p, i
		}
		i += size
	}
	return p, q
}

// zhHeadCuts end what comes before the doer in a subject: a modifier (…的),
// an agent marker (由) or a time (以来, 期间, 当前…).
var zhHeadCuts = [...]string{"的", "由", "以来", "以后", "之后", "期间", "目前", "当前", "今后"}

// zhHeadCutFirst holds their first characters.
var zhHeadCutFirst = newRuneSet("的由以之期目当今")

// zhActorEnds are the head nouns of organisations and groups that a
// directive hands work to. A subject must end in one.
var zhActorEnds = [...]string{
	"单位", "部门", "处", "部", "院", "室", "办", "中心", "科", "系", "所", "馆", "局", "厅", "委", "组", "会",
	"组织", "支部", "总支", "班子", "机关", "政府", "财政", "公安", "队", "站", "社", "司", "团", "园", "校",
	"员", "干部", "党员", "教师", "导师", "老师", "学生", "研究生", "本科生", "毕业生", "新生", "师生", "职工",
	"校友", "家长", "书记", "主任", "院长", "校长", "处长", "部长", "主席", "负责人", "召集人", "责任人", "带头人",
	"联系人", "承办人", "领导", "专家", "团队", "小组", "同志",
}

// zhNotActor are words that end like a doer but are not one (体系 ends in
// 系, 学科 in 科, 布局 in 局…).
var zhNotActor = [...]string{
	"体系", "关系", "联系", "学科", "本科", "专科", "格局", "布局", "大局", "结局", "成长", "增长", "延长", "特长",
	"擅长", "社会", "大会", "全会", "机会", "晚会", "峰会", "年会", "例会", "校园", "公园", "家园", "场所", "住所",
	"举办", "创办", "兴办", "开办", "督办", "交办", "民生", "卫生", "发生", "产生", "人生", "之处", "好处", "长处",
	"全员", "动员", "内部", "外部", "全部", "局部", "细部", "总部", "教室", "样板间", "集团",
}

// zhActorIndex and zhNotActorIndex hold zhActorEnds and zhNotActor by their
// last character.
var (
	zhActorIndex    = newWordIndex(true, zhActorEnds[:])
	zhNotActorIndex = newWordIndex(true, zhNotActor[:])
)

// zhActor reports a subject that names a doer by its head noun.
func zhActor(sub string) bool {
	if sub == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(sub)
	return zhActorIndex.endsWith(sub, r) && !zhNotActorIndex.endsWith(sub, r)
}

// zhPassives open a predicate whose subject is what is acted on.
var zhPassives = [...]string{"办好", "办出", "办成", "得到", "受到", "纳入", "列入"}

// zhPassive reports such a predicate after a modal at q ("要办出特色",
// "要进一步规范。").
func zhPassive(s string, q, e int) bool {
	r, size := decodeAt(s, q)
	if r != '要' && r != '应' && r != '须' && r != '将' {
		return false
	}
	i := q + size
	for _, adv := range [...]string{"进一步", "更加", "严格", "切实", "全面", "认真"} {
		if strings.HasPrefix(s[i:e], adv) {
			i += len(adv)
			break
		}
	}
	for _, w := range zhPassives {
		if strings.HasPrefix(s[i:e], w) {
			return true
		}
	}
	// a bare 规范 closing the clause: "收费管理要进一步规范"
	return s[i:e] == "规范" || strings.HasPrefix(s[i:e], "规范、") || strings.HasPrefix(s[i:e], "规范，")
}

// zhModals open the predicate of a directive (strong: the subject before
// them is settled, doer or not).
var zhModals = [...]string{"必须", "务必", "应当", "应该", "需要", "负责", "牵头", "会同", "配合", "协助"}

// zhPredOpeners are the adverbs, prepositions and verbs that open a
// predicate after a subject without a modal ("各单位切实抓好…", "市财政每年
// 安排…", "各分组召集人在7月25日前…", "组织部将为…").
var zhPredOpeners = [...]string{
	"切实", "每", "在", "于", "是", "把", "将", "对", "向", "为", "以", "从", "按", "依", "结合", "根据", "通过", "围绕",
	"也", "还", "都", "已", "正在", "一律", "不得", "严禁", "及时", "定期", "同步", "带头", "率先", "主动", "积极",
	"认真", "进一步", "要", "应", "须", "需", "让", "使", "引导", "鼓励", "支持", "帮助", "指导", "组织", "带领",
	"促进", "保障", "面向", "营造", "确保", "力争", "争取", "继续", "共同", "分别", "立即", "马上", "尽早", "逐步",
	"逐项", "逐条", "重点", "全力", "专门", "自觉", "要求", "开展", "实施", "制定", "修订", "出台", "设立", "组建",
	"新建", "新增", "完成", "形成", "召开", "举办", "发放", "报送", "提交", "印发", "启动", "做到", "按时", "统一",
}

// zhPredAt reports a predicate opening at q (within a clause starting at p)
// and whether it is a modal, which settles the subject before it.
func zhPredAt(s string, p, q, e int) (strong, ok bool) {
	rest := s[q:e]
	r, size := decodeAt(s, q)
	switch r {
	case '要':
		prev := runePrev(s, p, q)
		next := runeAfter(s, q+size, e)
		if next == '求' {
			return true, q > p // "学校要求各学院…": settles 学校 as the speaker
		}
		return true, !strings.ContainsRune(zhYaoBefore, prev) && !strings.ContainsRune(zhYaoAfter, next)
	case '将':
		prev := runePrev(s, p, q)
		next := runeAfter(s, q+size, e)
		return true, !strings.ContainsRune("即必终大武", prev) && !strings.ContainsRune("来近军领士帅", next)
	case '应':
		prev := runePrev(s, p, q)
		next := runeAfter(s, q+size, e)
		return true, !strings.ContainsRune("相反响适供效对答回感呼顺报理", prev) && !strings.ContainsRune("用对急届聘变收付试征答邀力运", next)
	case '须':
		prev := runePrev(s, p, q)
		return true, prev != '必' && prev != '无' && prev != '毋' && runeAfter(s, q+size, e) != '知'
	case '在':
		return false, !strings.ContainsRune("存现正所实自内外好", runePrev(s, p, q)) && runeAfter(s, q+size, e) != '于'
	case '是':
		return false, true
	}
	if zhModalIndex.startsWith(rest, r) {
		return !zhRoleNounAt(s, q, e), !zhRoleNounAt(s, q, e)
	}
	return false, zhOpenerIndex.startsWith(rest, r)
}

// zhModalIndex and zhOpenerIndex hold the predicate openers by their first
// character.
var (
	zhModalIndex  = newWordIndex(false, zhModals[:])
	zhOpenerIndex = newWordIndex(false, zhPredOpeners[:], zhOpeners)
)

// wordIndex finds whether one of a list of Chinese words starts (or ends) a
// string, looking only at the words that share its first (or last)
// character: zhPredAt runs at every character of a subject, and walking the
// whole lists there cost more than the rest of the decomposer.
type wordIndex struct {
	has    [0x10000 / 64]uint64 // which BMP characters open (or close) a word
	by     map[rune][]string
	suffix bool
}

// newWordIndex indexes the words of lists by their first character, or by
// their last when suffix is set.
func newWordIndex(suffix bool, lists ...[]string) *wordIndex {
	x := &wordIndex{by: map[rune][]string{}, suffix: suffix}
	for _, list := range lists {
		for _, w := range list {
			r, _ := utf8.DecodeRuneInString(w)
			if suffix {
				r, _ = utf8.DecodeLastRuneInString(w)
			}
			x.by[r] = append(x.by[r], w)
			if r < 0x10000 {
				x.has[r>>6] |= 1 << (uint(r) & 63)
			}
		}
	}
	return x
}

// startsWith reports a word at the start of s, whose first character is r.
func (x *wordIndex) startsWith(s string, r rune) bool {
	if r < 0x10000 && x.has[r>>6]&(1<<(uint(r)&63)) == 0 {
		return false
	}
	for _, w := range x.by[r] {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// mayEnd reports whether some word ends (or starts) with r.
func (x *wordIndex) mayEnd(r rune) bool {
	if r < 0 {
		return false
	}
	if r < 0x10000 {
		return x.has[r>>6]&(1<<(uint(r)&63)) != 0
	}
	return len(x.by[r]) > 0
}

// endsWith reports a word at the end of s, whose last character is r.
func (x *wordIndex) endsWith(s string, r rune) bool {
	if r < 0x10000 && x.has[r>>6]&(1<<(uint(r)&63)) == 0 {
		return false
	}
	for _, w := range x.by[r] {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}
