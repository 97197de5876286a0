package decompose

import (
	"strings"
	"unicode/utf8"
)

// nameDoer fills in what the draft's own words say about who must act and
// by when: Owner and Deadline as the text writes them, and, when the
// institution's unit names are known, OwnerUnit and Cooperating. A clerk
// filling in a 任务分解表 copies exactly these from the speech, so the words
// are kept as written (substrings of the draft) and resolved later.
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

// ---- who: the owner ----

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
	for q := p; q < e && n < 24; n++ {
		r, size := decodeAt(s, q)
		if r == '“' || r == '”' || r == '《' || r == '(' || r == '（' || r == '"' || r >= '0' && r <= '9' {
			break // a quotation, a title or a figure is not a doer
		}
		if q > p && !lead && r == '由' && zhByAt(s, p, q, e) {
			// "项目经费由财务处单列预算": the doer follows 由
			return zhClauseOwnerAfter(s, q, e)
		}
		if q > p {
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
				k := zhSubject(s, p, q, e, strong, lead)
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
		if !strings.ContainsRune(zhModalFirst, r) {
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
const zhModalFirst = "要将应须必务需负牵会配协"

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
	for _, w := range zhRoleNouns {
		if strings.HasPrefix(s[p:e], w) {
			return true
		}
	}
	return false
}

// zhSubject judges the words s[p:q] before a predicate: a named doer, the
// institution itself, or nothing (a topic: 课后服务要办出质量).
func zhSubject(s string, p, q, e int, strong, lead bool) int {
	sub := s[p:q]
	if zhInstitution(sub) {
		return institution
	}
	a, b := zhHead(s, p, q)
	if !zhActor(s[a:b]) {
		return noSubject
	}
	// "三年前学校启动了…": a report of what was done names no owner
	if end := min(e, q+4*3); strings.Contains(s[q:end], "了") {
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
	for _, w := range [...]string{"的", "由", "以来", "以后", "之后", "期间", "目前", "当前", "今后"} {
		if i := strings.LastIndex(s[p:q], w); i >= 0 {
			p += i + len(w)
		}
	}
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

// enClauseOwner reads the doer of an English clause: the noun phrase before
// a modal ("The Graduate School will…", "department chairs should…"), or
// the person asked ("I ask every department to…", "Require all colleges
// to…").
func enClauseOwner(s string, p, e int) (a, b, kind int) {
	var buf [12]wordTok
	ws := words(s, p, e, 12, buf[:0])
	if len(ws) == 0 || ws[0].s != p {
		return 0, 0, noSubject
	}
	i := 0
	switch ws[0].w {
	case "and", "but", "so", "then", "also":
		i = 1
	}
	if i >= len(ws) {
		return 0, 0, noSubject
	}
	if ws[i].w == "please" {
		return 0, 0, institution // the reader is asked
	}
	// "The committee recommends that the Library extend…": the one the
	// subjunctive names, up to its bare verb
	if st, ok := mandative(s, ws, e); ok {
		for k := range ws {
			if ws[k].s < st {
				continue
			}
			for j := k; j < len(ws) && j <= k+6; j++ {
				if npStop[ws[j].w] {
					break
				}
				if j > k && enImperatives[ws[j].w] {
					if enInstitution(ws[k:j]) {
						return 0, 0, institution
					}
					return ws[k].s, ws[j-1].e, named
				}
			}
			break
		}
	}
	if i == 0 && enImperatives[ws[0].w] && ws[0].w != "require" && (len(ws) == 1 || !nounFollow[ws[1].w]) {
		return 0, 0, noSubject // "Promote…", "Complete the draft…": the clause names nobody
	}
	if j, ok := enAskVerb(ws, i); ok {
		for k := j; k < len(ws) && k <= j+8; k++ {
			if ws[k].w == "to" {
				if k == j || enPopulation(ws[k-1].w) {
					return 0, 0, institution
				}
				return ws[j].s, ws[k-1].e, named
			}
			if npStop[ws[k].w] || isPastForm(ws[k].w) {
				break
			}
		}
		return 0, 0, noSubject
	}
	for k := i + 1; k < len(ws) && k <= i+8; k++ {
		if npStop[ws[k-1].w] {
			return 0, 0, noSubject
		}
		if ws[k].s > ws[k-1].e+1 && s[ws[k-1].e] != ' ' && s[ws[k-1].e] != '\'' {
			return 0, 0, noSubject // the phrase ends at punctuation
		}
		next, ok := enModal(ws, k)
		if !ok {
			continue
		}
		for j := i; j < k; j++ {
			if isPastForm(ws[j].w) {
				return 0, 0, noSubject // "the fees charged for them should…"
			}
		}
		if enInstitution(ws[i:k]) {
			return 0, 0, institution
		}
		// "X should be well run", "X should become a requirement": X is
		// what is acted on
		if next < len(ws) && (ws[next].w == "be" || ws[next].w == "become") {
			return 0, 0, noSubject
		}
		return ws[i].s, ws[k-1].e, named
	}
	return 0, 0, noSubject
}

// enAside reads an owner whose modal comes after an aside between commas:
// "Human Resources, working with Finance, will publish…".
func enAside(s string, p, e int) (int, int) {
	if e >= len(s) || s[e] != ',' {
		return 0, 0
	}
	q := trimLeft(s, e+1, len(s))
	aside := false
	for _, w := range enCooperate {
		if hasPrefixFold(s[q:], w) {
			aside = true
			break
		}
	}
	if !aside {
		return 0, 0
	}
	e2 := clauseEnd(s, q)
	if e2 >= len(s) || s[e2] != ',' {
		return 0, 0
	}
	r := trimLeft(s, e2+1, len(s))
	var mb [3]wordTok
	if ms := words(s, r, clauseEnd(s, r), 3, mb[:0]); len(ms) == 0 || ms[0].s != r {
		return 0, 0
	} else if _, ok := enModal(ms, 0); !ok {
		return 0, 0
	}
	var buf [8]wordTok
	ws := words(s, p, e, 8, buf[:0])
	if len(ws) == 0 || len(ws) > 6 || enInstitution(ws) || enImperatives[ws[0].w] {
		return 0, 0
	}
	for _, w := range ws {
		if npStop[w.w] || isPastForm(w.w) {
			return 0, 0
		}
	}
	return ws[0].s, ws[len(ws)-1].e
}

// enAskVerb finds "Require X to", "I ask X to", "I have asked X to", "I am
// asking X to", "we urge X to" at word i and returns where X starts.
func enAskVerb(ws []wordTok, i int) (int, bool) {
	if eqFold(ws[i].w, "require") {
		return i + 1, i+1 < len(ws)
	}
	if ws[i].w != "i" && ws[i].w != "we" {
		return 0, false
	}
	k := i + 1
	if k < len(ws) && (ws[k].w == "have" || ws[k].w == "am" || ws[k].w == "are") {
		k++
	}
	if k >= len(ws) {
		return 0, false
	}
	switch {
	case inSet(enAskVerbs, ws[k].w):
		return k + 1, k+1 < len(ws)
	case eqFold(ws[k].w, "call") || eqFold(ws[k].w, "called"):
		if k+1 < len(ws) && (ws[k+1].w == "on" || ws[k+1].w == "upon") {
			return k + 2, k+2 < len(ws)
		}
	}
	return 0, false
}

// enAskVerbs hand a task to the one named after them.
var enAskVerbs = wordSet(`ask asked asking urge urged urging request requested requesting direct directed directing
charge charged charging invite invited inviting encourage encouraged encouraging expect want require required requiring`)

// enPopulation are the people at large (and the reader): asked to do
// something, they are not a unit the task can be handed to.
func enPopulation(w string) bool {
	return inSet(enPeople, w)
}

var enPeople = wordSet(`you everyone everybody us them yourselves another member members student students faculty staff
employee employees colleague colleagues people all`)

// enInstitution reports the institution or the speaker as the subject: we,
// I, "the school", "the university", "our campuses", "my office".
func enInstitution(np []wordTok) bool {
	first, last := np[0].w, np[len(np)-1].w
	switch {
	case inSet(enSpeakers, first), eqFold(last, "campus"), eqFold(last, "campuses"):
		return true
	case inSet(enInstitutions, last):
		return len(np) == 2 && (eqFold(first, "the") || eqFold(first, "this"))
	}
	return false
}

var (
	enSpeakers     = wordSet(`we i you they it everyone everybody my our`)
	enInstitutions = wordSet(`school university institution college`)
)

// enAgent finds the doer of a passive ("…, maintained by the Registrar"):
// "by the" and capitalised words, which a deadline ("by the end of June")
// never has.
func enAgent(s string) (int, int) {
	for k := 0; k < len(s); {
		j := strings.Index(s[k:], " by the ")
		if j < 0 {
			break
		}
		i := k + j
		k = i + 1
		p := i + len(" by ")
		q := p + len("the ")
		if q >= len(s) || s[q] < 'A' || s[q] > 'Z' {
			continue
		}
		// the verb before "by" is a participle: "maintained", "led", "run"
		var buf [1]wordTok
		ws := wordBefore(s, i, buf[:0])
		if len(ws) == 0 || !(isPastForm(ws[0].w) || ws[0].w == "run" || ws[0].w == "overseen" || ws[0].w == "led") {
			continue
		}
		// "The plan was approved by the Board": a report, not a task
		if aux := wordBefore(s, ws[0].s, buf[:0]); len(aux) > 0 && (aux[0].w == "was" || aux[0].w == "were" || eqFold(aux[0].w, "been")) {
			continue
		}
		end := q
		for k := q; k < len(s); {
			w, we := word(s, k, len(s))
			if w == "" {
				break
			}
			if w[0] >= 'A' && w[0] <= 'Z' {
				end = we
			} else if w != "of" && w != "and" && w != "for" {
				break
			}
			if we >= len(s) || s[we] != ' ' {
				break
			}
			k = we + 1
		}
		if end > q {
			return p, end
		}
	}
	return 0, 0
}

// wordBefore returns the ASCII word that ends at i (blanks skipped).
func wordBefore(s string, i int, buf []wordTok) []wordTok {
	e := i
	for e > 0 && s[e-1] == ' ' {
		e--
	}
	a := e
	for a > 0 && isWordByte(s[a-1]) {
		a--
	}
	if a == e {
		return buf
	}
	return append(buf, wordTok{lowerWord(s[a:e]), a, e})
}

// ---- with whom: cooperating units ----

// zhCooperate open the units that help the owner (会同人事处, 配合财务处).
var zhCooperate = [...]string{"会同", "配合", "联合", "协同", "协助", "商请"}

// enCooperate does the same in English.
var enCooperate = [...]string{"in cooperation with ", "in collaboration with ", "in consultation with ", "in coordination with ",
	"in partnership with ", "together with ", "jointly with ", "working with ", "with the support of ", "supported by "}

// zhHelpAfter are the verbs a helping unit is written before when its
// clause ends there ("教务处牵头，人事处配合").
var zhHelpAfter = [...]string{"配合", "协助", "参与", "协同"}

// forCooperating calls fn with each range of the draft that names units
// helping the owner: after 会同/配合/联合/协同 up to the predicate, before a
// clause-final 配合/协助, or after "in cooperation with" up to the clause's
// end.
func forCooperating(s string, fn func(a, b int)) {
	clause := 0
	for i := 0; i < len(s); {
		brk, size := clauseBreak(s, i)
		if brk {
			clause = i + size
			i += size
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if (c == 'i' || c == 't' || c == 'j' || c == 'w' || c == 's' || c == 'I' || c == 'T' || c == 'J' || c == 'W' || c == 'S') && (i == 0 || !isWordByte(s[i-1])) {
				for _, w := range enCooperate {
					if hasPrefixFold(s[i:], w) {
						a := i + len(w)
						fn(a, clauseEnd(s, a))
						break
					}
				}
			}
			i++
			continue
		}
		for _, w := range zhHelpAfter {
			if strings.HasPrefix(s[i:], w) && i > clause {
				if end := i + len(w); end >= len(s) || clauseEnd(s, end) == end {
					fn(clause, i)
				}
			}
		}
		for _, w := range zhCooperate {
			if strings.HasPrefix(s[i:], w) && !zhRoleNounAt(s, i, len(s)) {
				a := i + len(w)
				fn(a, zhPhraseEnd(s, a, clauseEnd(s, a)))
				break
			}
		}
		i += size
	}
}

// zhPhraseEnd returns where the noun phrase of units starting at p ends:
// at the first predicate after a doer ("后勤保障处|在秋季开学前"), else at the
// clause's end.
func zhPhraseEnd(s string, p, e int) int {
	for q := p; q < e; {
		_, size := decodeAt(s, q)
		if q > p && zhActor(s[p:q]) {
			if _, ok := zhPredAt(s, p, q, e); ok {
				return q
			}
		}
		q += size
	}
	return e
}

// ---- unit codes ----

// unitOf returns the code of the unit the owner names: the owner itself as a
// name or alias, else the first (then longest) known name inside it
// ("马克思主义学院党委" → the college, "The Graduate School" → "Graduate
// School"). The caller holds s.mu.
func (s *Suggester) unitOf(owner string) string {
	if code, ok := s.names[owner]; ok {
		return code
	}
	code, _, _ := s.firstName(owner)
	return code
}

// unitsIn appends, in the order the text names them, the codes of the units
// named in text, leaving out skip and codes already in out. The caller holds
// s.mu.
func (s *Suggester) unitsIn(text string, out []string, skip string) []string {
	for len(text) > 0 {
		code, at, n := s.firstName(text)
		if n == 0 {
			break
		}
		if code != skip && !hasString(out, code) {
			out = append(out, code)
		}
		text = text[at+n:]
	}
	return out
}

// firstName finds the known unit name that comes first in text, the longest
// at that place (ties by code, for a stable answer); ASCII letters match in
// any case. It returns the code, the place and the name's length.
func (s *Suggester) firstName(text string) (string, int, int) {
	best, bestAt, bestLen := "", len(text)+1, 0
	for name, code := range s.names {
		i := indexFold(text, name)
		if i < 0 {
			continue
		}
		if i < bestAt || (i == bestAt && len(name) > bestLen) || (i == bestAt && len(name) == bestLen && code < best) {
			best, bestAt, bestLen = code, i, len(name)
		}
	}
	return best, bestAt, bestLen
}

// indexFold is strings.Index folding ASCII case, so that "the Graduate
// School" finds an alias written "graduate school".
func indexFold(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return i
	}
	ascii := false
	for i := 0; i < len(sub); i++ {
		if c := sub[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			ascii = true
			break
		}
	}
	if !ascii || sub == "" {
		return -1
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerByte(s[i+j]) == lowerByte(sub[j]) {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// hasString reports whether list holds v.
func hasString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ---- by when: the deadline ----

// findDeadline returns the byte span of the first time limit the draft
// writes (11月底前, 年内, "by March 15", "within three weeks"), or zeros. One
// pass over the bytes serves both languages: it runs over every draft, so it
// looks at a Chinese character only when its first two bytes are those of a
// time word's key character, and at an English word only when it could be a
// trigger.
func findDeadline(s string) (int, int) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case wordByte[c]:
			we := i + 1
			for we < len(s) && wordByte[s[we]] {
				we++
			}
			if n := we - i; enTriggerByte[c] && (n == 2 || n == 3 || n == 4 || n == 6) {
				if a, b := enDeadlineAt(s, i, we); b > a {
					return a, b
				}
			}
			i = we
		case c >= 0xE4 && c <= 0xE6 && i+2 < len(s) && zhKeySecond[s[i+1]]&(1<<(c-0xE4)) != 0:
			if a, b := zhDeadlineAt(s, i); b > a {
				return a, b
			}
			i += 3
		default:
			i += leadSize(c)
		}
	}
	return 0, 0
}

// wordByte marks ASCII letters and digits, as isWordByte does, for the
// byte loop above.
var wordByte = func() (t [256]bool) {
	for c := 0; c < 128; c++ {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

// zhKeySecond marks, by second byte, the key characters of Chinese time
// limits: 在 E5 9C A8, 于 E4 BA 8E, 前 E5 89 8D, 内 E5 86 85, 底 E5 BA 95,
// 末 E6 9C AB, 半 E5 8D 8A (bit 0 for a first byte E4, 1 for E5, 2 for E6).
var zhKeySecond = func() (t [256]uint8) {
	for _, r := range "在于前内底末半" {
		var b [3]byte
		utf8.EncodeRune(b[:], r)
		t[b[1]] |= 1 << (b[0] - 0xE4)
	}
	return t
}()

// zhTimeRunes make up the words of a written time: figures, 年月日, terms,
// seasons, holidays, 上/下/本/今/每.
const zhTimeRunes = "0123456789０１２３４５６７８９〇零一二三四五六七八九十百两几半年月日号周天旬底末初中上下本今明次当每个季度期节假秋春夏冬寒暑时"

// zhTimeAnchors: a time has one of these; "期" or "中" alone do not make one.
const zhTimeAnchors = "年月日号周天旬底末季节假时"

// zhTimeWords are times whose first character is not a time by itself (学
// of 学期, 开 of 开学).
var zhTimeWords = [...]string{"学期", "开学", "学年", "放假", "工作日", "元旦", "国庆", "清明", "端午", "截止", "下班", "上班"}

// zhAfterTimeBad follow 前 when it is not "before" (前列, 前提, 前期, 前沿…).
const zhAfterQianBad = "列面沿提景途夕进行所身者期后台线任方往辈锋端哨置移来年"

// zhBeforeQianBad precede 前 when it is not a time limit (目前, 当前, 提前…).
const zhBeforeQianBad = "目当此先从提超空眼面跟门向往"

// zhAfterNeiBad follow 内 when it means "inside" (内容, 内涵, 内部…).
const zhAfterNeiBad = "容涵部在生控设化外地蒙务需"

// zhDoneNext may follow a bare time (年底, 上半年) that limits the work
// after it: a verb of completion or a clause break, not a noun (年底考核).
const zhDoneNext = "完实建全基达出形启交投确力要将召举制印报提落推组配，,、"

// zhDeadlineAt reads a Chinese time limit around the key character at i: "在/于…前", a time word
// before 前 or 内 (11月底前, 秋季开学前, 一个月内, 年内), or a bare 年底/上半年
// before a verb of completion. The span leaves out 在/于 as the gold does.
func zhDeadlineAt(s string, i int) (int, int) {
	r, size := decodeAt(s, i)
	switch r {
	case '在', '于':
		return zhAnchored(s, i, size)
	case '前':
		return zhBefore(s, i, size)
	case '内':
		return zhWithin(s, i, size)
	case '底', '末':
		return zhBareEnd(s, i, size)
	case '半':
		return zhHalfYear(s, i, size)
	}
	return 0, 0
}

// zhAnchored reads "在/于 <event or time> 前" (在下一期督办通报印发前, 于11月10日前)
// and "于 <date> <verb>" (于11月15日报送).
func zhAnchored(s string, i, size int) (int, int) {
	prev := rune(-1)
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	r, _ := decodeAt(s, i)
	if r == '在' && strings.ContainsRune("存现正所实自内外好", prev) {
		return 0, 0
	}
	if r == '于' && strings.ContainsRune("关对由属至终等位基鉴善勇敢乐便利用忠源高低多少大小急易难趋归限出致足眼在", prev) {
		return 0, 0
	}
	a := i + size
	n := 0
	for q := a; q < len(s) && n < 16; n++ {
		r, sz := decodeAt(s, q)
		if isTrimRune(r) || r == '的' || r == '要' || r == '将' || r == '把' || r == '在' || r == '于' || r == '“' || r == '《' {
			return 0, 0
		}
		if q > a {
			switch {
			case r == '前' && !strings.ContainsRune(zhAfterQianBad, runeAfter(s, q+sz, len(s))) &&
				!strings.ContainsRune(zhBeforeQianBad, runePrev(s, a, q)):
				return a, q + sz
			case r == '内' && zhTimeEnd(s, a, q) && !strings.ContainsRune(zhAfterNeiBad, runeAfter(s, q+sz, len(s))):
				return a, q + sz
			case (r == '日' || r == '号') && isDigitRune(runePrev(s, a, q)) && strings.ContainsRune("完报提交反送", runeAfter(s, q+sz, len(s))):
				return a, q + sz
			}
		}
		q += sz
	}
	return 0, 0
}

// zhTimeEnd reports that s[a:q] ends in a time word (年, 月, 学期…), as 内
// needs ("年内" but not "校内").
func zhTimeEnd(s string, a, q int) bool {
	if q <= a {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[a:q])
	return strings.ContainsRune("年月周天日时旬", r) || strings.HasSuffix(s[a:q], "学期") || strings.HasSuffix(s[a:q], "假期") || strings.HasSuffix(s[a:q], "工作日")
}

// zhTimeStart walks back from end over the words of a time and returns
// where the time starts (end when there is none).
func zhTimeStart(s string, end int) int {
	a := end
	for a > 0 && end-a < 60 {
		r, size := utf8.DecodeLastRuneInString(s[:a])
		if r == utf8.RuneError {
			break
		}
		if strings.ContainsRune(zhTimeRunes, r) {
			a -= size
			continue
		}
		moved := false
		for _, w := range zhTimeWords {
			// a whole time word ends here, or one begins here and runs into
			// what was already taken (学 of 学期)
			if strings.HasSuffix(s[:a], w) {
				a -= len(w)
				moved = true
				break
			}
			if a-size+len(w) <= end && a-size+len(w) > a && strings.HasPrefix(s[a-size:], w) {
				a -= size
				moved = true
				break
			}
		}
		if !moved {
			break
		}
	}
	return a
}

// zhIsTime reports words that name a time: an anchor rune or a time word.
func zhIsTime(t string) bool {
	for _, r := range t {
		if strings.ContainsRune(zhTimeAnchors, r) {
			return true
		}
	}
	for _, w := range zhTimeWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// zhAgo reports "三年前", "两个月前", "3年前": a count of time units before
// now, which reports the past rather than limiting the work.
func zhAgo(t string) bool {
	n := 0
	digits := 0
	for _, r := range t {
		switch {
		case strings.ContainsRune("〇零一二三四五六七八九十百两几", r):
			n++
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("个年月周天日", r):
		default:
			return false
		}
	}
	return (n > 0 && digits == 0) || (digits > 0 && digits < 4 && !strings.ContainsRune(t, '月') && !strings.ContainsRune(t, '日'))
}

// zhBefore reads a time limit ending in 前, 之前 or 以前 at i.
func zhBefore(s string, i, size int) (int, int) {
	// after a time, 前 is "before" unless it reads 前后 (around), 前期
	// (earlier) or 前列; 前提交 is "before submitting"
	if strings.ContainsRune("后期列夕年", runeAfter(s, i+size, len(s))) {
		return 0, 0
	}
	end := i
	if strings.HasSuffix(s[:end], "之") || strings.HasSuffix(s[:end], "以") {
		end -= len("之")
	}
	if end > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:end]); strings.ContainsRune(zhBeforeQianBad, r) {
			return 0, 0
		}
	}
	a := zhTimeStart(s, end)
	if a >= end || !zhIsTime(s[a:end]) || zhAgo(s[a:end]) {
		return 0, 0
	}
	return a, i + size
}

// zhWithin reads a time limit ending in 内 or 以内 (年内, 一个月内, 本学期内).
func zhWithin(s string, i, size int) (int, int) {
	if strings.ContainsRune(zhAfterNeiBad, runeAfter(s, i+size, len(s))) {
		return 0, 0
	}
	end := i
	if strings.HasSuffix(s[:end], "以") {
		end -= len("以")
	}
	a := zhTimeStart(s, end)
	if a >= end || !zhTimeEnd(s, a, end) || !zhIsTime(s[a:end]) {
		return 0, 0
	}
	return a, i + size
}

// zhBareEnd reads 年底, 11月底, 学期末 written without 前 before a verb of
// completion ("年底实现全覆盖"); "截至年底" reports a state and is left out.
func zhBareEnd(s string, i, size int) (int, int) {
	prev := runePrev(s, 0, i)
	if prev != '年' && prev != '月' && prev != '期' {
		return 0, 0
	}
	next := runeAfter(s, i+size, len(s))
	if next == -1 || !strings.ContainsRune(zhDoneNext, next) {
		return 0, 0
	}
	a := zhTimeStart(s, i)
	if a >= i || strings.HasSuffix(s[:a], "截至") || strings.HasSuffix(s[:a], "截止") || !zhIsTime(s[a:i+size]) {
		return 0, 0
	}
	return a, i + size
}

// zhHalfYear reads 上半年/下半年 (今年上半年) limiting the work after it
// ("上半年完成…"), not naming a period ("下半年专题学习").
func zhHalfYear(s string, i, size int) (int, int) {
	prev := runePrev(s, 0, i)
	if (prev != '上' && prev != '下') || runeAfter(s, i+size, len(s)) != '年' {
		return 0, 0
	}
	end := i + size + len("年")
	for _, w := range [...]string{"以前", "之前", "以内", "前", "内", "底", "末"} {
		if strings.HasPrefix(s[end:], w) {
			end += len(w)
			break
		}
	}
	if next := runeAfter(s, end, len(s)); next != -1 && !strings.ContainsRune(zhDoneNext, next) && !strings.ContainsRune("前内底末", runePrev(s, 0, end)) {
		return 0, 0
	}
	return zhTimeStart(s, i), end
}

// enDeadlineAt reads an English time limit opened by the word s[i:we]: "by <date>", "before
// <date or event>", "within <count> <units>", "this <term>", "in the first
// half of the year", "no later than <date>". Frequencies ("every term") and
// durations ("through the 2027–28 academic year") have none of these.
func enDeadlineAt(s string, i, we int) (int, int) {
	w := s[i:we]
	end := -1
	switch {
	case eqFold(w, "by"):
		end = enTimeAt(s, we)
	case eqFold(w, "before"):
		if end = enTimeAt(s, we); end < 0 {
			end = enEventAt(s, we)
		}
	case eqFold(w, "within"):
		end = enSpanAt(s, we)
	case eqFold(w, "this"), eqFold(w, "next"):
		// "this spring", "next term"; a bare "this year" is the year the
		// speech is about, like 今年, not a limit
		if _, e2 := enUnitAt(s, we); e2 > 0 && !enPeriodOf(s, i) && !(eqFold(w, "this") && eqFold(strings.TrimSpace(s[we:e2]), "year")) {
			end = e2
		}
	case eqFold(w, "in"):
		end = enHalfAt(s, we)
	case eqFold(w, "no"), eqFold(w, "not"):
		if x, xe := nextWord(s, we); eqFold(x, "later") {
			if y, ye := nextWord(s, xe); eqFold(y, "than") {
				end = enTimeAt(s, ye)
			}
		}
	case eqFold(w, "on"):
		if x, xe := nextWord(s, we); eqFold(x, "or") {
			if y, ye := nextWord(s, xe); eqFold(y, "before") {
				end = enTimeAt(s, ye)
			}
		}
	}
	if end > we {
		return i, end
	}
	return 0, 0
}

// leadSize is how far to step past the character whose first byte is c,
// for scans that only look at some characters: one for ASCII and for a
// stray continuation byte, which keeps the scan on the boundaries decodeAt
// uses for valid text.
func leadSize(c byte) int {
	switch {
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	case c >= 0xC0:
		return 2
	}
	return 1
}

// enTriggerByte marks the first letters of by, before, within, this, next,
// in, no, not, on.
var enTriggerByte = [256]bool{'b': true, 'B': true, 'w': true, 'W': true, 't': true, 'T': true, 'n': true, 'N': true,
	'i': true, 'I': true, 'o': true, 'O': true}

// eqFold compares an ASCII word with a lowercase one, ignoring case.
func eqFold(w, lower string) bool {
	return len(w) == len(lower) && hasPrefixFold(w, lower)
}

// nextWord returns the ASCII word after blanks at p and its end ("" when
// something else comes first).
func nextWord(s string, p int) (string, int) {
	for p < len(s) && s[p] == ' ' {
		p++
	}
	if p >= len(s) || !isWordByte(s[p]) {
		return "", p
	}
	return word(s, p, len(s))
}

// The words of English dates.
var (
	enMonths = wordSet(`january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec`)
	enSeasons = wordSet(`spring summer fall autumn winter`)
	enUnits   = wordSet(`year term semester quarter month week day session decade years terms semesters quarters months weeks
days hours hour`)
	enCounts = wordSet(`a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty sixty ninety
the this next few several`)
	enDays = wordSet(`monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight then midyear mid-year
year-end yearend`)
	enEvents = wordSet(`open opens begin begins start starts end ends close closes arrive arrives return returns resume resumes
convene convenes meet meets expire expires`)
)

// isLower reports a lowercase copy of w in set (ASCII).
func inSet(set map[string]bool, w string) bool {
	if w == "" || len(w) > 16 {
		return false
	}
	var buf [16]byte
	for i := 0; i < len(w); i++ {
		buf[i] = lowerByte(w[i])
	}
	return set[string(buf[:len(w)])]
}

// isYear reports 2029, FY2027, FY27.
func isYear(w string) bool {
	if len(w) >= 4 && (w[0] == 'F' || w[0] == 'f') && (w[1] == 'Y' || w[1] == 'y') {
		w = w[2:]
		if len(w) == 2 {
			return w[0] >= '0' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9'
		}
	}
	if len(w) != 4 || !(strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
		return false
	}
	return w[2] >= '0' && w[2] <= '9' && w[3] >= '0' && w[3] <= '9'
}

// isDayNumber reports 1..31, with st/nd/rd/th.
func isDayNumber(w string) bool {
	n := 0
	for n < len(w) && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return false
	}
	rest := w[n:]
	return rest == "" || eqFold(rest, "st") || eqFold(rest, "nd") || eqFold(rest, "rd") || eqFold(rest, "th")
}

// enTimeAt reads a date or a point in the calendar after p ("March 15",
// "July 1, 2026", "fall 2027", "2029", "the end of January", "the first day
// of classes", "the spring semester", "next term") and returns its end, or
// -1.
func enTimeAt(s string, p int) int {
	w, we := nextWord(s, p)
	switch {
	case w == "":
		return -1
	case inSet(enMonths, w) || len(w) > 4 && (hasPrefixFold(w, "mid-") && inSet(enMonths, w[4:])):
		return enDateRest(s, we)
	case eqFold(w, "early") || eqFold(w, "late") || eqFold(w, "mid"):
		if m, me := nextWord(s, we); inSet(enMonths, m) {
			return enDateRest(s, me)
		}
		return -1
	case inSet(enSeasons, w):
		end := we
		if y, ye := nextWord(s, end); isYear(y) {
			end = ye
		} else if inSet(enUnits, y) {
			end = ye
		}
		return end
	case isYear(w) || inSet(enDays, w):
		return we
	case eqFold(w, "next") || eqFold(w, "this"):
		_, e := enUnitAt(s, we)
		return e
	case eqFold(w, "end"), eqFold(w, "start"), eqFold(w, "beginning"), eqFold(w, "middle"), eqFold(w, "close"):
		if o, oe := nextWord(s, we); eqFold(o, "of") {
			return enTailAt(s, oe)
		}
		return -1
	case eqFold(w, "the"):
		x, xe := nextWord(s, we)
		switch {
		case eqFold(x, "end") || eqFold(x, "start") || eqFold(x, "beginning") || eqFold(x, "middle") || eqFold(x, "close"):
			if o, oe := nextWord(s, xe); eqFold(o, "of") {
				return enTailAt(s, oe)
			}
		case eqFold(x, "first") || eqFold(x, "last"):
			if u, ue := nextWord(s, xe); inSet(enUnits, u) {
				if o, oe := nextWord(s, ue); eqFold(o, "of") {
					return enTailAt(s, oe)
				}
			}
		case eqFold(x, "deadline"):
			return xe
		default:
			_, e := enUnitAt(s, we)
			return e
		}
	}
	return -1
}

// enDateRest reads what may follow a month: a day and a year.
func enDateRest(s string, p int) int {
	end := p
	if d, de := nextWord(s, end); isDayNumber(d) {
		end = de
	}
	q := end
	if q < len(s) && s[q] == ',' {
		q++
	}
	if y, ye := nextWord(s, q); isYear(y) {
		end = ye
	}
	return end
}

// enUnitAt reads "[next|coming] [spring] semester", "spring", "year",
// "academic year" after p; it returns the start of the last word and the end,
// or -1.
func enUnitAt(s string, p int) (int, int) {
	end := -1
	for n := 0; n < 3; n++ {
		w, we := nextWord(s, p)
		switch {
		case eqFold(w, "next") || eqFold(w, "coming") || eqFold(w, "upcoming") || eqFold(w, "academic") || eqFold(w, "fiscal") || eqFold(w, "calendar") || eqFold(w, "current"):
		case inSet(enSeasons, w) || (inSet(enUnits, w) && lowerByte(w[len(w)-1]) != 's'):
			end = we
		default:
			return 0, end
		}
		p = we
	}
	return 0, end
}

// enTailAt reads what follows "the end of": a month, a term, a year
// ("June", "the term", "the year", "classes", "the 2026 fiscal year").
func enTailAt(s string, p int) int {
	end := -1
	for n := 0; n < 5; n++ {
		w, we := nextWord(s, p)
		switch {
		case eqFold(w, "the") || eqFold(w, "this") || eqFold(w, "next") || eqFold(w, "academic") || eqFold(w, "fiscal") || eqFold(w, "calendar") || eqFold(w, "school"):
		case inSet(enMonths, w) || inSet(enSeasons, w) || inSet(enUnits, w) || isYear(w) || eqFold(w, "classes") || eqFold(w, "registration"):
			end = we
		default:
			return end
		}
		p = we
	}
	return end
}

// enEventAt reads "registration opens", "classes begin", "the semester
// starts" after "before".
func enEventAt(s string, p int) int {
	for n := 0; n < 4; n++ {
		w, we := nextWord(s, p)
		if w == "" || inSet(npStop, w) {
			return -1
		}
		if n > 0 && inSet(enEvents, w) {
			return we
		}
		p = we
	}
	return -1
}

// enSpanAt reads "three weeks", "30 days", "the year", "10 working days"
// after "within".
func enSpanAt(s string, p int) int {
	w, we := nextWord(s, p)
	if !(inSet(enCounts, w) || isDayNumber(w) || len(w) <= 3 && w != "" && w[0] >= '0' && w[0] <= '9') {
		return -1
	}
	for n := 0; n < 3; n++ {
		x, xe := nextWord(s, we)
		switch {
		case inSet(enUnits, x):
			return xe
		case eqFold(x, "working") || eqFold(x, "business") || eqFold(x, "calendar") || eqFold(x, "academic") || eqFold(x, "more") || inSet(enCounts, x):
			we = xe
		default:
			return -1
		}
	}
	return -1
}

// enHalfAt reads "the first half of the year" or "mid-March", "early
// April" after "in".
func enHalfAt(s string, p int) int {
	w, we := nextWord(s, p)
	if len(w) > 4 && hasPrefixFold(w, "mid-") && inSet(enMonths, w[4:]) {
		return we
	}
	if eqFold(w, "early") || eqFold(w, "late") {
		if m, me := nextWord(s, we); inSet(enMonths, m) {
			return me
		}
	}
	if !eqFold(w, "the") {
		return -1
	}
	x, xe := nextWord(s, we)
	if !eqFold(x, "first") && !eqFold(x, "second") {
		return -1
	}
	if h, he := nextWord(s, xe); eqFold(h, "half") {
		if o, oe := nextWord(s, he); eqFold(o, "of") {
			return enTailAt(s, oe)
		}
	}
	return -1
}

var enPeriodWords = wordSet(`of for during through throughout since in all the over`)

// enPeriodOf reports "this year" used as a noun ("the work of this year",
// "over the next year"), not as the time of the work.
func enPeriodOf(s string, i int) bool {
	var buf [1]wordTok
	ws := wordBefore(s, i, buf[:0])
	if len(ws) == 0 {
		return false
	}
	return inSet(enPeriodWords, ws[0].w)
}
