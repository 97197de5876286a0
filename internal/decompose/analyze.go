package decompose

import "strings"

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
	if ctx.kind != 0 {
		end, kind := ctx.content, ctx.kind
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
	// only a bare verb to recommend it ("深化改革　推动高质量发展"); so is
	// the subtitle right under it.
	if len(out) > first && !enumerated && ctx.titleBlock && sn.lineStart && sn.term == '\n' && weakStart(s, out[first].s, sn.e) {
		out = out[:first]
	}
	// A sentence opened by a bare verb ("坚持立德树人，…取得显著成效") that
	// reports a result is a review, not a directive; so is one that states
	// what something is ("坚持党管干部原则是…根本遵循").
	if len(out) > first && !enumerated && !out[first].enum && weakOnly(s, out[first].s, sn.e) && (achievement(s, out[first].s, sn.e) || zhCopula(s, out[first].s, sn.e)) {
		out = out[:first]
		v.dropped = true
	}
	// trim each piece and drop crumbs
	k := first
	for _, pc := range out[first:] {
		pc.s, pc.e = trimSpan(s, pc.s, pc.e)
		if pc.e-pc.s >= 4 && !bareMarker(s, pc.s, pc.e) && !contentless(s, pc.s, pc.e) {
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

// zhGenericWords make up an exhortation with no task in it ("请大家认真学习
// 领会、抓好贯彻落实", "要切实把会议精神传达好"): who is asked, the marker,
// and the verbs of studying and carrying out "the spirit" of the meeting.
// Longer words first, so that each is cut whole.
var zhGenericWords = [...]string{"认真学习领会", "贯彻落实", "抓好落实", "学习领会", "认真学习", "会议精神", "讲话精神", "全校上下",
	"与会同志", "同志们", "结合实际", "各单位", "各部门", "大家", "全体", "抓好", "学习", "领会", "贯彻", "落实", "传达", "宣传",
	"认真", "切实", "深入", "精神", "会议", "希望", "请", "要", "把", "好", "和", "并", "、", "，"}

// contentless reports a short Chinese piece made of those words only.
func contentless(s string, a, b int) bool {
	if isLatinStart(s, a) || b-a > 90 {
		return false
	}
	seg := s[a:b]
outer:
	for seg != "" {
		for _, w := range zhGenericWords {
			if strings.HasPrefix(seg, w) {
				seg = seg[len(w):]
				continue outer
			}
		}
		return false
	}
	return true
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
// and the enumerators 一是, 二是… does not count.
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
		if !strings.ContainsRune("但还而或只凡总于别就更正要若不即也都"+zhDigits, prev) && next != '否' {
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

// situationWords open a statement of how things stand.
var situationWords = [...]string{"目前", "当前", "现在", "截至", "长期以来", "多年来", "一年来", "近年来", "去年", "今年以来", "总体看", "据统计"}

// plainStatement reports a sentence with no speaker, no report of a result
// and no statement of what something is, which after a bare heading is that heading's elaboration.
func plainStatement(s string, sn sentence, cl []clause) bool {
	// English elaborations carry a modal or an imperative and are found
	// as directives on their own; only Chinese ones go without a marker
	if isLatinStart(s, sn.s) {
		return false
	}
	seg := s[sn.s:sn.e]
	for _, w := range situationWords {
		if strings.HasPrefix(seg, w) {
			return false // "目前我校专任教师1800人": the situation, not the task
		}
	}
	for _, c := range cl {
		if _, ok := frameAt(s, c.s, c.e); ok {
			return false
		}
	}
	if zhCopula(s, sn.s, sn.e) {
		return false // "导师是研究生培养的第一责任人": what something is
	}
	return !strings.Contains(seg, "了") && !strings.Contains(seg, "同比") && !strings.Contains(seg, "取得显著")
}
