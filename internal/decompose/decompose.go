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
		thits  []themeHit
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
		hits, thits = sentenceHits(text, sn.s, sn.e, hits[:0], thits[:0])
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
		// a subtitle sits under the title and above a blank line
		ctx.titleBlock = sn.para == 0 && (si == 0 && sn.line == 0 ||
			si == 1 && sn.line == 1 && sents[0].term == '\n' && (si+1 >= len(sents) || sents[si+1].para > 0))
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
			themeScoresOf(thits, sn.s, sn.e, &lineSc)
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
			themeScoresOf(thits, sn.s, sn.e, &topicSc)
			_, top, _ := pickTheme(&topicSc)
			topicKnown, topicPara = top >= evidenceMin, sn.para
		}
		if len(pcs) == 0 {
			continue
		}
		for i := range pcs {
			pc := &pcs[i]
			themeScoresOf(thits, pc.s, pc.e, &pc.sc)
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
			th, conf := draftTheme(text, g.s, g.e, &sc, opt.Units) // lexicon and theme model (theme.go)
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
