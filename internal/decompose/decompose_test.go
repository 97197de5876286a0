package decompose

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// boundaries returns the rune boundaries of s as decodeAt walks it: every
// valid rune is one step and every invalid byte is a one-byte step. All
// offsets the package returns must be among them.
func boundaries(s string) map[int]bool {
	m := map[int]bool{0: true, len(s): true}
	for i := 0; i < len(s); {
		_, size := decodeAt(s, i)
		i += size
		m[i] = true
	}
	return m
}

// checkInvariants asserts everything a caller may rely on about a Result.
func checkInvariants(t *testing.T, s string, r Result) {
	t.Helper()
	if r.Drafts == nil {
		t.Fatalf("Drafts is nil")
	}
	b := boundaries(s)
	prevEnd := 0
	for i, d := range r.Drafts {
		if d.Seq != i+1 {
			t.Fatalf("draft %d has seq %d", i, d.Seq)
		}
		if !(0 <= d.Start && d.Start < d.End && d.End <= len(s)) {
			t.Fatalf("draft %d bad span [%d,%d) of %d", d.Seq, d.Start, d.End, len(s))
		}
		if d.Start < prevEnd {
			t.Fatalf("draft %d [%d,%d) overlaps or precedes previous end %d", d.Seq, d.Start, d.End, prevEnd)
		}
		prevEnd = d.End
		if !b[d.Start] || !b[d.End] {
			t.Fatalf("draft %d [%d,%d) not on rune boundaries", d.Seq, d.Start, d.End)
		}
		if d.Start < len(s) && utf8.ValidString(s) && !utf8.RuneStart(s[d.Start]) {
			t.Fatalf("draft %d starts inside a rune", d.Seq)
		}
		if d.End < len(s) && utf8.ValidString(s) && !utf8.RuneStart(s[d.End]) {
			t.Fatalf("draft %d ends inside a rune", d.Seq)
		}
		if d.Text != s[d.Start:d.End] {
			t.Fatalf("draft %d text %q != input slice %q", d.Seq, d.Text, s[d.Start:d.End])
		}
		if d.Parent != nil && (*d.Parent < 1 || *d.Parent >= d.Seq) {
			t.Fatalf("draft %d parent %d is not an earlier seq", d.Seq, *d.Parent)
		}
		if !validTheme(d.Theme) {
			t.Fatalf("draft %d theme %q", d.Seq, d.Theme)
		}
		if d.Confidence < 0 || d.Confidence > 1 {
			t.Fatalf("draft %d confidence %v", d.Seq, d.Confidence)
		}
	}
}

func validTheme(th string) bool {
	for _, x := range Themes {
		if x == th {
			return true
		}
	}
	return false
}

func texts(r Result) []string {
	out := make([]string, len(r.Drafts))
	for i, d := range r.Drafts {
		out[i] = d.Text
	}
	return out
}

func TestEmptyAndJSON(t *testing.T) {
	for _, in := range []string{"", " ", "\n\n", "\ufeff", "。。。", "同志们："} {
		r := Decompose(in, Options{})
		checkInvariants(t, in, r)
		if len(r.Drafts) != 0 {
			t.Errorf("%q: want no drafts, got %q", in, texts(r))
		}
		b, _ := json.Marshal(r)
		if string(b) != `{"drafts":[]}` {
			t.Errorf("%q: JSON %s", in, b)
		}
	}
}

// TestSegmentation covers sentence and clause splitting with offsets kept:
// 。；!? and line breaks split, English full stops split except in numbers,
// initials, abbreviations and enumerators, and final punctuation is left out.
func TestSegmentation(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"要加强党的建设。要深化综合改革！", []string{"要加强党的建设", "要深化综合改革"}},
		{"要完善预算管理；要加快基建进度", []string{"要完善预算管理", "要加快基建进度"}},
		{"We must cut costs by 1.5 percent. Dr. Lee will report to Ms. Park by 5 p.m. daily.", []string{"We must cut costs by 1.5 percent", "Dr. Lee will report to Ms. Park by 5 p.m. daily"}},
		{"We will hire staff (owner: D. Whitfield, due May).", []string{"We will hire staff (owner: D. Whitfield, due May)"}},
		{"  We should build a lab  \n\nWe must fund it", []string{"We should build a lab", "We must fund it"}},
		{"We will publish the rules\nfor each school by June.", []string{"We will publish the rules\nfor each school by June"}},
	}
	for _, c := range cases {
		r := Decompose(c.in, Options{})
		checkInvariants(t, c.in, r)
		if got := texts(r); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestMixedInput covers the machine-translated mixture: BOM, CRLF, full-width
// punctuation and spaces, ASCII commas joining English clauses, 。 closing
// English sentences, Chinese inside English.
func TestMixedInput(t *testing.T) {
	in := "\ufeffThe meeting was held in Room 2,All deans attended。\r\nHe pointed out,It is necessary to strengthen 师资队伍 building,Improve the post system。\r\n会议强调，要加强预算管理。　We should improve the 校园文化 atmosphere．"
	r := Decompose(in, Options{})
	checkInvariants(t, in, r)
	want := []string{
		"It is necessary to strengthen 师资队伍 building,Improve the post system",
		"要加强预算管理",
		"We should improve the 校园文化 atmosphere",
	}
	if got := texts(r); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if r.Drafts[0].Theme != "talent_team" || r.Drafts[1].Theme != "resources" || r.Drafts[2].Theme != "culture" {
		t.Errorf("themes %s %s %s", r.Drafts[0].Theme, r.Drafts[1].Theme, r.Drafts[2].Theme)
	}
}

// TestEnumerationsAndParents checks each enumerator family and that the
// directives after an enumerated heading point to it as parent.
func TestEnumerationsAndParents(t *testing.T) {
	cases := []struct {
		in      string
		want    []string
		parents []int // 0 = nil
	}{
		{"一是要加强师资队伍建设。要完善人才引进办法。\n\n二是要深化本科教学改革。各学院要落实教授授课制度。",
			[]string{"一是要加强师资队伍建设", "要完善人才引进办法", "二是要深化本科教学改革", "各学院要落实教授授课制度"}, []int{0, 1, 0, 3}},
		{"首先，要抓好开学工作。其次，要强化安全管理。最后，要加强作风建设。",
			[]string{"首先，要抓好开学工作", "其次，要强化安全管理", "最后，要加强作风建设"}, []int{0, 0, 0}},
		{"会议要求：（一）财务处要加快预算执行。（二）人事处要完善岗位聘用办法。",
			[]string{"（一）财务处要加快预算执行", "（二）人事处要完善岗位聘用办法"}, []int{0, 0}},
		{"1. Build a new library\n2. Fund ten chairs\nA1. Review the budget model (owner: J. Park)",
			[]string{"1. Build a new library", "2. Fund ten chairs", "A1. Review the budget model (owner: J. Park)"}, []int{0, 0, 0}},
		{"First, we must teach better. Every dean will review the core courses. The second is to strengthen research,Build new labs。",
			[]string{"First, we must teach better", "Every dean will review the core courses", "The second is to strengthen research,Build new labs"}, []int{0, 1, 0}},
	}
	for _, c := range cases {
		r := Decompose(c.in, Options{})
		checkInvariants(t, c.in, r)
		got := texts(r)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
			continue
		}
		for i, d := range r.Drafts {
			p := 0
			if d.Parent != nil {
				p = *d.Parent
			}
			if p != c.parents[i] {
				t.Errorf("%q: draft %d parent %d, want %d", c.in, d.Seq, p, c.parents[i])
			}
		}
	}
}

// TestHeadingsAreNotDrafts: topic labels, short titles, plan goal headers.
func TestHeadingsAreNotDrafts(t *testing.T) {
	for _, in := range []string{
		"一、关于2025年招生计划\n",
		"第一，关于学科建设。",
		"二、重点督办事项\n",
		"Goal 2. Strengthen research of consequence\n",
		"1. Financial outlook\n",
		"Part Four: Goals and Actions\n",
	} {
		if r := Decompose(in, Options{}); len(r.Drafts) != 0 {
			t.Errorf("%q: want no drafts, got %q", in, texts(r))
		}
	}
}

// TestNarrationDropped: reporting, procedure, umbrellas, slogans and pledges.
func TestNarrationDropped(t *testing.T) {
	for _, in := range []string{
		"会议由校长主持，各学院院长参加会议。",
		"会议听取了财务处关于预算执行情况的汇报。",
		"The meeting was held on 5 May,All deans attended the meeting。",
		"President Lee presided over the meeting and delivered a speech.",
		"The meeting informed the work of the first half,Systematically summarize the achievements,Put forward measures。",
		"全校各单位要紧紧围绕中心工作，重点抓好以下几个方面。",
		"This year I want to name three priorities.",
		"让我们团结一心，奋力开创学校发展新局面！",
		"Let us work together for a brighter future.",
		"与会同志纷纷表示，将认真贯彻会议精神。",
		"同时也要清醒看到，我们的短板依然明显。",
		"上半年，学校坚持立德树人，扎实推进综合改革，取得了显著成效。",
		"Last year we opened two new halls, and we should all be proud of that.",
		"I believe we will look back on this year with pride.",
		"一是人才培养质量稳步提升。",
		"各学院，各部门：",
		"深化改革　推动高质量发展\n\n",
		"We should be grateful to everyone who made that possible.",
		"Progress will be reported to the board twice a year.",
		"This plan describes the steps the university will take.",
		"会议指出，一是政治建设持续加强，二是监督力度不断加大。",
	} {
		if r := Decompose(in, Options{}); len(r.Drafts) != 0 {
			t.Errorf("%q: want no drafts, got %q", in, texts(r))
		}
	}
}

// TestDirectiveMarkers: one directive per marker family, with its span start.
func TestDirectiveMarkers(t *testing.T) {
	cases := []struct{ in, want string }{
		{"林振华强调，要坚持党的全面领导", "要坚持党的全面领导"},
		{"各学院务必在9月底前报送任务书", "各学院务必在9月底前报送任务书"},
		{"学校将于10月启动岗位遴选", "学校将于10月启动岗位遴选"},
		{"也希望青年教师主动融入团队", "希望青年教师主动融入团队"},
		{"请人事处进一步修改完善", "请人事处进一步修改完善"},
		{"会议原则同意该方案", "原则同意该方案"},
		{"应持续推进文明校园建设", "应持续推进文明校园建设"},
		{"进一步扩大博士招生比例", "进一步扩大博士招生比例"},
		{"Lin stressed that every school must report progress monthly", "every school must report progress monthly"},
		{"Closing the session, Chen said the Finance Office will publish the rules", "the Finance Office will publish the rules"},
		{"I ask every dean to review the gateway courses", "I ask every dean to review the gateway courses"},
		{"It is necessary to improve the governance system", "It is necessary to improve the governance system"},
		{"Promote the reform of the budget system", "Promote the reform of the budget system"},
		{"Must adhere to the fundamental task of moral education", "Must adhere to the fundamental task of moral education"},
		{"Efforts should be made to improve graduate education", "Efforts should be made to improve graduate education"},
		{"学校要求各学院在6月底前完成排查", "学校要求各学院在6月底前完成排查"},
	}
	for _, c := range cases {
		r := Decompose(c.in, Options{})
		checkInvariants(t, c.in, r)
		if got := texts(r); len(got) != 1 || got[0] != c.want {
			t.Errorf("%q: got %q want %q", c.in, got, c.want)
		}
	}
}

// TestClauseSplitByTheme: inside a sentence a new marker with a new theme
// starts a new draft; the same theme continues the draft.
func TestClauseSplitByTheme(t *testing.T) {
	in := "要大力推进有组织科研，组建攻关团队，要统筹用好专项资金，加快预算执行进度。"
	r := Decompose(in, Options{})
	checkInvariants(t, in, r)
	want := []string{"要大力推进有组织科研，组建攻关团队", "要统筹用好专项资金，加快预算执行进度"}
	if got := texts(r); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q want %q", got, want)
	}
	if r.Drafts[0].Theme != "research" || r.Drafts[1].Theme != "resources" {
		t.Errorf("themes %s %s", r.Drafts[0].Theme, r.Drafts[1].Theme)
	}
	in = "It is necessary to deepen teaching reform,Improve the quality of postgraduate training,Strengthen budget performance management,Improve the efficiency of the use of funds。"
	r = Decompose(in, Options{})
	want = []string{"It is necessary to deepen teaching reform,Improve the quality of postgraduate training", "Strengthen budget performance management,Improve the efficiency of the use of funds"}
	if got := texts(r); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q want %q", got, want)
	}
}

// TestThemeLexicon: one plain directive per theme in each language.
func TestThemeLexicon(t *testing.T) {
	cases := []struct{ in, want string }{
		{"要深化本科教育教学改革，完善人才培养方案", "talent_training"},
		{"We must redesign the undergraduate curriculum", "talent_training"},
		{"要对照学科评估指标，优化学科布局", "discipline"},
		{"We will review every degree program and merge weak programs", "discipline"},
		{"要大力推进有组织科研，争取国家重点研发计划项目", "research"},
		{"We will establish three research institutes", "research"},
		{"要加强高层次人才引进，优化教师队伍结构", "talent_team"},
		{"We will launch a cluster hiring initiative for faculty", "talent_team"},
		{"要深化校院两级管理体制改革，完善内部治理结构", "governance"},
		{"We must publish all university policies in one library and strengthen compliance", "governance"},
		{"要落实全面从严治党主体责任，力戒形式主义、官僚主义", "party_building"},
		{"We should strengthen Party building and the discipline of Party members", "party_building"},
		{"要加快预算执行进度，提高资金使用效益", "resources"},
		{"We will grow the endowment and hold tuition increases down", "resources"},
		{"要加强校史校风教育，营造和谐的校园文化氛围", "culture"},
		{"We will cut greenhouse gas emissions and improve campus climate", "culture"},
		{"要持续推进定点帮扶和乡村振兴工作", "other"},
		{"We will partner with county school districts to serve our region", "other"},
	}
	for _, c := range cases {
		r := Decompose(c.in, Options{})
		if len(r.Drafts) != 1 {
			t.Errorf("%q: %d drafts", c.in, len(r.Drafts))
			continue
		}
		if got := r.Drafts[0].Theme; got != c.want {
			t.Errorf("%q: theme %s want %s", c.in, got, c.want)
		}
		if c := r.Drafts[0].Confidence; c <= 0 || c > 1 {
			t.Errorf("confidence %v", c)
		}
	}
}

// TestInvalidUTF8 keeps offsets on boundaries with invalid bytes around.
func TestInvalidUTF8(t *testing.T) {
	for _, in := range []string{
		"要加强\xff党的建设。\xe4\xb8要深化改革\xe4",
		"\xffWe must\x80 build labs.\xc0",
		"一是\xe4\xb8\xad要加强管理。",
		"要\xed\xa0\x80加强。",
	} {
		checkInvariants(t, in, Decompose(in, Options{}))
	}
}

func TestUnitsSuggested(t *testing.T) {
	s := NewSuggester(map[string]string{"resources": "CWC"})
	r := Decompose("要加快预算执行进度。", Options{Units: s})
	if len(r.Drafts) != 1 || r.Drafts[0].Unit != "CWC" {
		t.Fatalf("got %+v", r.Drafts)
	}
}

func TestSuggesterLearns(t *testing.T) {
	s := NewSuggester(map[string]string{"resources": "CWC", "research": "KYY"})
	if u, c := s.Suggest("加快预算执行进度", "resources"); u != "CWC" || c <= 0 {
		t.Fatalf("fallback: %q %v", u, c)
	}
	if u, c := s.Suggest("anything", "culture"); u != "" || c != 0 {
		t.Fatalf("no fallback: %q %v", u, c)
	}
	for i := 0; i < 3; i++ {
		s.Learn("加快预算执行进度，提高资金使用效益", "JJC")
		s.Learn("完善国有资产管理，清查公用房", "ZCC")
		s.Learn("加强科研项目管理，组织基金申报", "KYY")
	}
	if u, c := s.Suggest("加快预算执行", "resources"); u != "JJC" || c < 0.5 {
		t.Errorf("learned: got %q %v, want JJC", u, c)
	}
	if u, _ := s.Suggest("清查公用房", "resources"); u != "ZCC" {
		t.Errorf("learned: got %q, want ZCC", u)
	}
	if u, _ := s.Suggest("完全无关的文字", "research"); u != "KYY" {
		t.Errorf("no evidence should fall back: got %q", u)
	}
	if u, _ := s.Suggest("Budget execution", "culture"); u != "" {
		t.Errorf("unknown words, no map entry: got %q", u)
	}
}

func TestSuggesterConcurrent(t *testing.T) {
	s := NewSuggester(map[string]string{"governance": "DZB"})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if i%2 == 0 {
					s.Learn("加强督查督办 budget "+string(rune('a'+g)), []string{"DZB", "CWC"}[g%2])
				} else {
					s.Suggest("督查督办", "governance")
				}
			}
		}(g)
	}
	wg.Wait()
	if u, _ := s.Suggest("加强督查督办", "governance"); u != "DZB" && u != "CWC" {
		t.Errorf("got %q", u)
	}
}

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("加强预算 Budget-Office 2024年，学"), " ")
	want := "加强 强预 预算 budget office 2024 年 学"
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

// fuzzSeedsList reads the seed corpus: the seed report, the dev texts and the
// labelled cases.
func fuzzSeedsList() []string {
	var out []string
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz-seed", "*.txt"))
	cases, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.txt"))
	for _, p := range append(files, cases...) {
		if b, err := os.ReadFile(p); err == nil {
			out = append(out, string(b))
		}
	}
	return out
}

// FuzzDecompose checks the invariants on any bytes, invalid UTF-8 included.
// "Boundary" means a position reached by stepping through the input with
// utf8.DecodeRuneInString, taking an invalid byte as a one-byte rune.
func FuzzDecompose(f *testing.F) {
	for _, s := range fuzzSeedsList() {
		f.Add(s)
	}
	for _, s := range []string{"", "\ufeff", "\r\n\r\n", "一是", "（一）", "1.", "A1.", "•", "要", "We must", "First,", "\xff\xfe", "要\xe4\xb8", "。。。；；", "Goal 1.", "The second is", "：要", "\xe4\xb8\xad\xad要加强"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, s, Decompose(s, Options{}))
	})
}

func devTexts(b *testing.B) []byte {
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz-seed", "*.txt"))
	var all []byte
	for _, p := range files {
		x, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, x...)
		all = append(all, '\n', '\n')
	}
	return all
}

func BenchmarkDecomposeSeed(b *testing.B) {
	x, err := os.ReadFile(filepath.Join("testdata", "fuzz-seed", "seed-retreat-2024.txt"))
	if err != nil {
		b.Skip(err)
	}
	s := string(x)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Decompose(s, Options{})
	}
}

func BenchmarkDecompose1MB(b *testing.B) {
	one := devTexts(b)
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.Write(one)
	}
	s := sb.String()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Decompose(s, Options{})
	}
}

// TestSuggesterNamedUnit: a directive that names a unit by its name or an
// alias gets that unit before anything learned or mapped; the first name in
// the text wins, the longest at one place.
func TestSuggesterNamedUnit(t *testing.T) {
	s := NewSuggester(map[string]string{"research": "KJC"})
	for i := 0; i < 5; i++ {
		s.Learn("加强科研平台建设，提升科研能力", "KJC")
	}
	s.SetNames(map[string]string{"教务处": "JWC", "本科生院": "JWC", "科学技术处": "KJC", "科技处": "KJC", "人事处": "RSC", "人事": "X"})
	for _, c := range []struct{ text, want string }{
		{"本科生院要牵头加强科研平台建设", "JWC"},
		{"加强科研平台建设，人事处配合，科技处牵头", "RSC"},
		{"人事处要做好人才引进", "RSC"},
		{"加强科研平台建设", "KJC"},
	} {
		if got, _ := s.Suggest(c.text, "research"); got != c.want {
			t.Errorf("Suggest(%q) = %s, want %s", c.text, got, c.want)
		}
	}
}
