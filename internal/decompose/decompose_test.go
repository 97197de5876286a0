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
	benchmarkDecompose(b, string(x))
}

func BenchmarkDecompose1MB(b *testing.B) {
	one := devTexts(b)
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.Write(one)
	}
	benchmarkDecompose(b, sb.String())
}

// BenchmarkDecomposeEvalTexts is the speed target's benchmark (issue 17:
// at least 20 MB of text per CPU-second on one core): the dev and dev2
// evaluation texts concatenated, Chinese, English and machine-translated.
// Run it with -cpu 1 and read MB/cpu-s.
func BenchmarkDecomposeEvalTexts(b *testing.B) {
	var all []byte
	for _, set := range []string{"dev", "dev2"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "eval", set, "*.txt"))
		for _, p := range files {
			x, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			all = append(all, x...)
			all = append(all, '\n', '\n')
		}
	}
	if len(all) == 0 {
		b.Skip("the evaluation texts (../shared/eval) are not beside the repository")
	}
	benchmarkDecompose(b, string(all))
}

func benchmarkDecompose(b *testing.B, s string) {
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	start := processCPU()
	for b.Loop() {
		Decompose(s, Options{})
	}
	reportCPUSpeed(b, start, len(s))
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

// splitTexts runs Decompose and returns the draft texts, checking the
// invariants on the way.
func splitTexts(t *testing.T, in string) []string {
	t.Helper()
	r := Decompose(in, Options{})
	checkInvariants(t, in, r)
	return texts(r)
}

// TestChains: a lead-in that asks for something and ends in a colon
// ("…要做到：", "staff should aim for:") is left out, and each ；-part after
// it is an item even with no marker of its own.
func TestChains(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"王院长对新入职教师提出要求，新教师要做到：潜心备课，把每一节课讲深讲透；关爱学生，及时回应学生的学业困惑；恪守师德，不参与任何有偿补课。",
			[]string{"潜心备课，把每一节课讲深讲透", "关爱学生，及时回应学生的学业困惑", "恪守师德，不参与任何有偿补课"}},
		{"He stressed that advisers should aim for:Listening first,Meet each advisee twice a term;Acting fast,Refer students in distress within a day。",
			[]string{"Listening first,Meet each advisee twice a term", "Acting fast,Refer students in distress within a day"}},
		// "把握好X，即…": the explanation after 即 stays with its task
		{"要把握好“守正”与“创新”的关系，即既要传承办学传统，又要勇于改革；要把握好“当前”与“长远”的关系，即既要抓好年度任务，又要谋划长远发展。",
			[]string{"要把握好“守正”与“创新”的关系，即既要传承办学传统，又要勇于改革", "要把握好“当前”与“长远”的关系，即既要抓好年度任务，又要谋划长远发展"}},
		// an inline colon after a lead-in with no marker, before an imperative
		{"Several chairs asked what to do with the old forms, so the answer is simple: shred them after scanning.",
			[]string{"shred them after scanning"}},
	}
	for _, c := range cases {
		if got := splitTexts(t, c.in); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestElaborationWithoutMarker: the sentence right after a bare enumerated
// heading is its elaboration even when it has no marker; a statement of
// what something is does not count.
func TestElaborationWithoutMarker(t *testing.T) {
	in := "三是改善学生住宿条件。年内完成两栋宿舍楼维修，新增自习座位500个。四是加强图书馆建设。图书馆是学校的文献信息中心。要延长开放时间。五是充实实验队伍。目前全校实验技术人员不足200人。"
	r := Decompose(in, Options{})
	checkInvariants(t, in, r)
	want := []string{"三是改善学生住宿条件", "年内完成两栋宿舍楼维修，新增自习座位500个", "四是加强图书馆建设", "要延长开放时间", "五是充实实验队伍"}
	if got := texts(r); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if r.Drafts[1].Parent == nil || *r.Drafts[1].Parent != 1 {
		t.Errorf("elaboration parent %v, want 1", r.Drafts[1].Parent)
	}
}

// TestTwoDoers: two named doers in one sentence are two drafts, even on the
// same theme; a leading "and" before the second is left out.
func TestTwoDoers(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"人事处要在5月底前完成岗位聘用方案，各学院要同步做好教师岗位申报工作。",
			[]string{"人事处要在5月底前完成岗位聘用方案", "各学院要同步做好教师岗位申报工作"}},
		{"食堂要办出特色，宿舍收费管理要进一步规范。",
			[]string{"食堂要办出特色", "宿舍收费管理要进一步规范"}},
		{"The Library will extend its opening hours by June 1, and the department heads should publish reading lists before the term.",
			[]string{"The Library will extend its opening hours by June 1", "the department heads should publish reading lists before the term"}},
		{"The student cafeterias should be well run,The pricing of dormitory services should be regulated。",
			[]string{"The student cafeterias should be well run", "The pricing of dormitory services should be regulated"}},
		{"• Lab safety training should be mandatory for new students, and the fees charged for it should be waived.",
			[]string{"• Lab safety training should be mandatory for new students", "the fees charged for it should be waived"}},
		// one doer after a marker without one stays in the task
		{"要严格落实值班制度，保卫处要加强夜间巡查。", []string{"要严格落实值班制度，保卫处要加强夜间巡查"}},
	}
	for _, c := range cases {
		if got := splitTexts(t, c.in); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestEnglishCommitments: commitments and requests that carry no modal.
func TestEnglishCommitments(t *testing.T) {
	cases := []struct{ in, want string }{
		{"We are firmly committed to keeping residence fees flat for two years.", "We are firmly committed to keeping residence fees flat for two years"},
		{"Our efforts remain focused on first-year students who commute.", "Our efforts remain focused on first-year students who commute"},
		{"I have asked the Registrar to publish the exam timetable by March 1.", "I have asked the Registrar to publish the exam timetable by March 1"},
		{"And I ask every college to name a retention lead by the end of May.", "I ask every college to name a retention lead by the end of May"},
		{"Implementing the new statute requires every school to revise its bylaws。", "Implementing the new statute requires every school to revise its bylaws"},
		// machine translation: a quantified owner and a bare verb (各单位要…),
		// 由X负责, "demanded that"
		{"The meeting pointed out,All libraries extend their opening hours before the exam weeks。", "All libraries extend their opening hours before the exam weeks"},
		{"The meeting demanded that each college strictly implement the new attendance rules。", "each college strictly implement the new attendance rules"},
		{"The meeting agreed to the revised campus parking rules,The Security Office is responsible for implementation。", "The Security Office is responsible for implementation"},
	}
	for _, c := range cases {
		if got := splitTexts(t, c.in); len(got) != 1 || got[0] != c.want {
			t.Errorf("%q: got %q want %q", c.in, got, c.want)
		}
	}
	in := "We will renovate two teaching buildings; and we will open a second clinic on the east campus."
	want := []string{"We will renovate two teaching buildings", "we will open a second clinic on the east campus"}
	if got := splitTexts(t, in); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q want %q", got, want)
	}
}

// TestOwnerDirectivesInNarration: owners' directives after a colon or in a
// notice with no speaker.
func TestOwnerDirectivesInNarration(t *testing.T) {
	cases := []struct{ in, want string }{
		{"院长强调：各系主任要在开学前完成课表核对。", "各系主任要在开学前完成课表核对"},
		{"针对检查发现的问题，要求各学院在两周内完成整改。", "要求各学院在两周内完成整改"},
		{"李书记最后强调，坚定信心、迎难而上，把年度各项任务落到实处。", "坚定信心、迎难而上，把年度各项任务落到实处"},
		{"要配齐实验技术人员，严格按照生均标准的要求，年内补足缺额。", "要配齐实验技术人员，严格按照生均标准的要求，年内补足缺额"},
		// an enumerator after a speaker: 一是 is no copula
		{"院长指出，一是要加强实验室安全。", "一是要加强实验室安全"},
	}
	for _, c := range cases {
		if got := splitTexts(t, c.in); len(got) != 1 || got[0] != c.want {
			t.Errorf("%q: got %q want %q", c.in, got, c.want)
		}
	}
}

// TestNotDirectivesRound2: significance, forecasts, the meeting's own
// programme, quoted 要, problem lists, reviews, counted lead-ins, quorum
// lines, participants' suggestions, plan intent lines, slogans.
func TestNotDirectivesRound2(t *testing.T) {
	for _, in := range []string{
		"坚持依法治校是现代大学治理的基本要求。",
		"今后一个时期，生源竞争加剧的态势将长期存在。",
		"稍后，校长还将作重要讲话。",
		"学员们将聆听6场专题报告，并赴企业开展现场教学。",
		"研讨会还将围绕课程改革分组讨论。",
		"个别单位仍有“等靠要”思想。",
		"《学校章程》是依法治校的总纲要。",
		"一是部分学院整改进度偏慢。二是少数单位报送材料不及时。",
		"一年来，学校持续推进课程改革，新建实验室5个；扎实推进人才引进，引进教授8人；深入推进有组织科研，获批项目12项。",
		"他要求各学院尽快处理好两个关系。",
		"大会应到代表180人，实到171人，符合法定人数。",
		"不少代表建议，学校要改善青年教师住房条件。",
		"Intent: Enrollment has fallen for three years. We will reverse that trend.",
		"The state budget will not be final until July, and we plan cautiously.",
		"The meeting called on all staff to forge ahead,Strive to write a new chapter in the history of the university。",
		"请同志们认真学习领会会议精神，抓好贯彻落实。",
		"Housing costs are expected to remain high through next year.",
		"Every year we review the catalogue with the deans.",
		"北原大学召开本科教学工作会议\n深化教学改革　提升育人质量\n\n",
	} {
		if r := Decompose(in, Options{}); len(r.Drafts) != 0 {
			t.Errorf("%q: want no drafts, got %q", in, texts(r))
		}
	}
}

// TestHeadingField: each draft carries the section heading line it falls
// under, innermost first; headings are never drafts.
func TestHeadingField(t *testing.T) {
	in := "一、总体情况\n\n各项任务进展顺利。\n\n二、工作要求\n\n（一）压实责任。各单位要明确专人负责。\n\n（二）重点事项\n\n1.请财务处于5月底前完成预算调整。\n\n（三）加强报送。各单位要每月报送进展。\n\n" +
		"1. Budget. Please submit requests by March 1.\n\nHiring. Deans should send hiring plans by May 1.\n\nWe will open a new lab.\n"
	r := Decompose(in, Options{})
	checkInvariants(t, in, r)
	want := []struct{ text, heading string }{
		{"（一）压实责任", "二、工作要求"},
		{"各单位要明确专人负责", "二、工作要求"},
		{"1.请财务处于5月底前完成预算调整", "（二）重点事项"},
		{"（三）加强报送", "二、工作要求"},
		{"各单位要每月报送进展", "二、工作要求"},
		{"Please submit requests by March 1", "1. Budget"},
		{"Deans should send hiring plans by May 1", "Hiring"},
		{"We will open a new lab", "二、工作要求"}, // an inline label heads its paragraph only; the section line stays
	}
	if len(r.Drafts) != len(want) {
		t.Fatalf("got %q", texts(r))
	}
	for i, w := range want {
		if d := r.Drafts[i]; d.Text != w.text || d.Heading != w.heading {
			t.Errorf("draft %d: got %q under %q, want %q under %q", d.Seq, d.Text, d.Heading, w.text, w.heading)
		}
	}
	if p := r.Drafts[1].Parent; p == nil || *p != 1 {
		t.Errorf("parent of the elaboration: %v, want 1", p)
	}
}

// TestDecodeAtMatchesUTF8: the inline three-byte path of decodeAt gives
// exactly what utf8.DecodeRuneInString gives, on every lead and
// continuation byte combination and at the end of the input.
func TestDecodeAtMatchesUTF8(t *testing.T) {
	for c0 := 0x80; c0 <= 0xFF; c0++ {
		for c1 := 0; c1 <= 0xFF; c1 += 3 {
			for _, c2 := range []int{0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF} {
				for _, s := range []string{string([]byte{byte(c0), byte(c1), byte(c2)}), string([]byte{byte(c0), byte(c1)})} {
					r, n := decodeAt(s, 0)
					wr, wn := utf8.DecodeRuneInString(s)
					if r != wr || n != wn {
						t.Fatalf("% x: decodeAt %U/%d, utf8 %U/%d", s, r, n, wr, wn)
					}
				}
			}
		}
	}
}
