package decompose

import "strings"

// The English half of the owner reading (named.go): a noun phrase before a
// modal, the one asked ("I ask X to…", "Require X to…"), an owner before an
// aside, a passive's agent.

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
	for _, w := range ws {
		if w.w == "that" {
			if a, b, kind := enSubjunctive(s, ws, e); kind != noSubject {
				return a, b, kind
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

// enSubjunctive reads "<X> recommends that <owner> <bare verb>…".
func enSubjunctive(s string, ws []wordTok, e int) (a, b, kind int) {
	st, ok := mandative(s, ws, e)
	if !ok {
		return 0, 0, noSubject
	}
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
