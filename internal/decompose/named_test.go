package decompose

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// namedGold is a dev2 gold item with what it says about owner and deadline.
type namedGold struct {
	Text     string `json:"text"`
	Theme    string `json:"theme"`
	Owner    string `json:"owner"`
	Deadline string `json:"deadline"`
}

// loadNamedGold reads every dev2 text and its gold items, in file order.
func loadNamedGold(t *testing.T) (names []string, texts map[string][]byte, gold map[string][]namedGold) {
	t.Helper()
	sh := sharedDir(t)
	dir := filepath.Join(sh, "eval", "dev2")
	paths, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil || len(paths) == 0 {
		t.Skipf("no dev2 gold files in %s; skipping the owner and deadline evaluation", dir)
	}
	sort.Strings(paths)
	texts, gold = map[string][]byte{}, map[string][]namedGold{}
	for _, gp := range paths {
		stem := strings.TrimSuffix(gp, ".gold.json")
		text, err := os.ReadFile(stem + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(gp)
		if err != nil {
			t.Fatal(err)
		}
		var items []namedGold
		if err := json.Unmarshal(b, &items); err != nil {
			t.Fatalf("%s: %v", gp, err)
		}
		name := filepath.Base(stem)
		names = append(names, name)
		texts[name], gold[name] = text, items
	}
	return names, texts, gold
}

// fieldScore counts one field's agreement with the gold: an item is right
// when both say the same, "" included.
type fieldScore struct {
	items, right      int
	gold, pred, match int // non-empty gold, non-empty predictions, non-empty agreements
	misses            []string
}

func (f *fieldScore) add(where, text, want, got string) {
	f.items++
	if want != "" {
		f.gold++
	}
	if got != "" {
		f.pred++
	}
	if want == got {
		f.right++
		if want != "" {
			f.match++
		}
		return
	}
	f.misses = append(f.misses, where+": want "+quote(want)+" got "+quote(got)+" in "+quote(shortText(text, 70)))
}

// lost counts an item the decomposer did not find: wrong, and no prediction.
func (f *fieldScore) lost(where, text, want string) {
	f.items++
	if want != "" {
		f.gold++
	}
	f.misses = append(f.misses, where+": item not found, want "+quote(want)+" in "+quote(shortText(text, 70)))
}

func (f *fieldScore) log(t *testing.T, label string) float64 {
	acc := float64(f.right) / float64(max(f.items, 1))
	p := float64(f.match) / float64(max(f.pred, 1))
	r := float64(f.match) / float64(max(f.gold, 1))
	t.Logf("%s: %d/%d items right (%.3f); precision %.3f (%d/%d), recall %.3f (%d/%d)",
		label, f.right, f.items, acc, p, f.match, f.pred, r, f.match, f.gold)
	for _, m := range f.misses {
		t.Logf("   %s miss %s", label, m)
	}
	return acc
}

func quote(s string) string { return "«" + s + "»" }

func shortText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// TestNamedGold reads owner and deadline from each dev2 gold item's own
// words and requires ≥ 0.95 of the items right on each field, then measures
// the same end to end: Decompose on the whole text, each gold item judged by
// the draft that overlaps it most among those score.py counts for it.
func TestNamedGold(t *testing.T) {
	names, texts, gold := loadNamedGold(t)
	var owner, deadline fieldScore
	for _, name := range names {
		for i, it := range gold[name] {
			d := Draft{Text: it.Text}
			nameDoer(&d, nil)
			where := name[:2] + "#" + itoa(i+1)
			owner.add(where, it.Text, it.Owner, d.Owner)
			deadline.add(where, it.Text, it.Deadline, d.Deadline)
		}
	}
	oa := owner.log(t, "owner")
	da := deadline.log(t, "deadline")
	if oa < 0.95 || da < 0.95 {
		t.Errorf("on dev2 gold spans: owner %.3f, deadline %.3f; want both ≥ 0.95", oa, da)
	}

	// end to end
	var eOwner, eDeadline fieldScore
	found, total, anyOwner, anyDeadline := 0, 0, 0, 0
	for _, name := range names {
		text := texts[name]
		res := Decompose(string(text), Options{})
		items := gold[name]
		spans := make([]evalSpan, len(items))
		for i, it := range items {
			spans[i] = evalSpan{s: -1, e: -1, theme: it.Theme, text: it.Text}
		}
		preds := predSpans(res)
		_, hit, owners := scoreSpans(text, spans, preds)
		g := spansOf(text, spans, false)
		for i, it := range items {
			total++
			where := name[:2] + "#" + itoa(i+1)
			if i >= len(g) || !hit[i] {
				eOwner.lost(where, it.Text, it.Owner)
				eDeadline.lost(where, it.Text, it.Deadline)
				continue
			}
			found++
			best := -1
			oneOwner, oneDeadline := it.Owner == "", it.Deadline == ""
			for k, o := range owners {
				if o != i {
					continue
				}
				if best < 0 || inter(preds[k], g[i]) > inter(preds[best], g[i]) {
					best = k
				}
				oneOwner = oneOwner || res.Drafts[k].Owner == it.Owner
				oneDeadline = oneDeadline || res.Drafts[k].Deadline == it.Deadline
			}
			if oneOwner {
				anyOwner++
			}
			if oneDeadline {
				anyDeadline++
			}
			d := res.Drafts[best]
			eOwner.add(where, it.Text, it.Owner, d.Owner)
			eDeadline.add(where, it.Text, it.Deadline, d.Deadline)
		}
	}
	t.Logf("end to end: %d of %d gold items found by the decomposer", found, total)
	eo := eOwner.log(t, "e2e owner")
	ed := eDeadline.log(t, "e2e deadline")
	t.Logf("end to end over the %d found items: owner %.3f, deadline %.3f (by the draft overlapping most); "+
		"owner %.3f, deadline %.3f when any of the item's drafts may carry it (the decomposer split it)", found,
		float64(eOwner.right)/float64(max(found, 1)), float64(eDeadline.right)/float64(max(found, 1)),
		float64(anyOwner)/float64(max(found, 1)), float64(anyDeadline)/float64(max(found, 1)))
	t.Logf("end to end over all %d items (not found counts wrong): owner %.3f, deadline %.3f", total, eo, ed)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestNameDoer reads owners and deadlines from sentences of the genre, in
// Chinese, English and machine translation.
func TestNameDoer(t *testing.T) {
	for _, c := range []struct{ text, owner, deadline string }{
		// X要…, X负责…, 由X牵头, X会同Y, 请X于…前
		{"教务处要牵头修订本科人才培养方案，10月底前报校长办公会审议", "教务处", "10月底前"},
		{"人事处要在年内完成岗位聘用", "人事处", "年内"},
		{"由科学技术处牵头，会同财务处制定科研经费管理办法", "科学技术处", ""},
		{"请研究生院于2024年12月20日前报送学位点自评报告", "研究生院", "2024年12月20日前"},
		{"请各学院在秋季开学前完成教室安全检查", "各学院", "秋季开学前"},
		{"发展规划处会同各学院在本学期内完成规划中期评估", "发展规划处", "本学期内"},
		{"各学院要每学期开展一次教学检查", "各学院", ""},
		{"学校要加快推进新校区建设，年底前实现主体工程封顶", "", "年底前"},
		{"全校各单位要高度重视安全工作", "全校各单位", ""},
		{"全体干部要以新担当展现新作为", "", ""},
		{"全校学生工作干部要切实增强责任感", "全校学生工作干部", ""},
		{"各单位要在一个月内完成自查", "各单位", "一个月内"},
		{"要在下一次全校大会召开前完成征求意见", "", "下一次全校大会召开前"},
		{"财务处每月25日前公布上月预算执行情况", "财务处", "每月25日前"},
		{"处级干部要带头学习，上半年完成专题调研", "处级干部", "上半年"},
		{"要把下半年专题学习安排好", "", ""},
		{"学生工作部和研究生院要做好毕业生就业工作", "学生工作部", ""},
		{"对进展滞后的任务，牵头单位要制定专项推进计划", "牵头单位", ""},
		{"三年前学校启动了这项改革，今后要持续推进", "", ""},
		{"要推动学院落实主体责任", "", ""},
		{"引导学员在学懂弄通上下功夫", "", ""},
		{"课后服务要办出质量、办出特色", "", ""},
		{"各级党组织要在今年11月底前完成换届", "各级党组织", "今年11月底前"},
		{"要做好年底考核工作", "", ""},
		{"宣传部要在全国前列的高校中选树典型", "宣传部", ""},
		{"原则同意该方案，由分管校领导约谈进展滞后单位的主要负责人", "分管校领导", ""},
		{"项目经费由财务处单列预算、专款专用", "财务处", ""},
		{"配套经费由资产与实验室管理处统筹安排", "资产与实验室管理处", ""},
		{"研究院实行理事会领导下的院长负责制，由科研院牵头制定考核办法", "科研院", ""},
		{"要加快推进产教融合，新建一批研究生联合培养基地", "", ""},
		{"希望各学院把科研优势转化为育人优势", "各学院", ""},
		{"希望广大青年教师珍惜平台", "", ""},
		{"主要负责同志要亲自抓、负总责，分管领导要具体抓", "主要负责同志", ""},
		{"督办事项实行周报制度，每周五下班前报送进展情况", "", "每周五下班前"},
		{"校长办公会要求图书馆在寒假前完成闭馆改造", "图书馆", "寒假前"},
		{"各学院于5月20日报送推荐名单", "各学院", "5月20日"},
		{"力争到2027年底实现全覆盖", "", "2027年底"},
		{"截至年底完成率达到90%", "", ""},
		{"要坚持问题导向，在全国前列的位置上再接再厉", "", ""},
		{"今年以来各学院积极推进改革", "各学院", ""},
		{"要在当前形势下保持战略定力", "", ""},
		{"十年前学校建成了新图书馆", "", ""},
		// English
		{"The plan was approved by the Board of Trustees", "", ""},
		{"This year we will open two new residence halls", "", ""},
		{"Our researchers will, by the end of the decade, double their output", "", "by the end of the decade"},
		{"I am asking every vice president to identify savings by March 31", "every vice president", "by March 31"},
		{"The supervision office should carry out special supervision in mid-March", "The supervision office", "in mid-March"},
		{"Each school will cut its energy use by 10 percent by the end of 2027", "Each school", "by the end of 2027"},
		{"Our campus will host the summit next spring", "", "next spring"},
		{"The Registrar's Office will publish the calendar by March 15", "The Registrar's Office", "by March 15"},
		{"Deans should submit their plans before the end of June", "Deans", "before the end of June"},
		{"We will hire twelve new faculty by fall 2026", "", "by fall 2026"},
		{"The university will keep tuition flat through the 2027–28 academic year", "", ""},
		{"Each department must report enrollment every term", "Each department", ""},
		{"I ask the Faculty Senate to adopt the policy within three weeks", "the Faculty Senate", "within three weeks"},
		{"Please send comments by the end of January", "", "by the end of January"},
		{"Student fees should be regulated", "", ""},
		{"Library hours will be extended before exams begin", "", "before exams begin"},
		{"The Office of Research, in cooperation with Finance, will revise the rules no later than May 1", "The Office of Research", "no later than May 1"},
		{"The committee recommends that the Library extend its hours during exam weeks", "the Library", ""},
		{"The panel recommends that the university increase the scholarship fund", "", ""},
		{"Department heads are expected to submit budgets no later than April 30", "Department heads", "no later than April 30"},
		{"继续教育学院要规范办学行为，严禁违规招生", "继续教育学院", ""},
		{"人事处牵头，财务处、各学院配合，年底前出台绩效工资改革方案", "人事处", "年底前"},
		{"校医院要于本周内完成疫苗接种安排", "校医院", "本周内"},
		{"学生处要在新生报到前做好迎新准备", "学生处", "新生报到前"},
		{"Scores are ranked by priority and reviewed by the committee", "", ""},
		{"• Adopt one catalog across all colleges, maintained by the Registrar", "the Registrar", ""},
		{"Require every new faculty member to complete training in the first year", "", ""},
		{"Require all colleges to formulate their implementation plans before October 15", "all colleges", "before October 15"},
		// machine translated
		{"it is necessary to grasp the implementation,Break down the tasks to each unit before January 20,The Party and Government Office should include them in the supervision system", "The Party and Government Office", "before January 20"},
		{"The enrollment of graduates should be done well,The Graduate School should ensure the employment rate", "The Graduate School", ""},
		{"The Organization Department should complete the selection of young cadres in the first half of the year", "The Organization Department", "in the first half of the year"},
		{"The school will take grasping implementation as the main line of the work of this year", "", ""},
		{"We will ask the Regents this spring to approve the fund", "", "this spring"},
	} {
		d := Draft{Text: c.text}
		nameDoer(&d, nil)
		if d.Owner != c.owner || d.Deadline != c.deadline {
			t.Errorf("%s\n  got owner %q deadline %q\n want owner %q deadline %q", c.text, d.Owner, d.Deadline, c.owner, c.deadline)
		}
	}
}

// TestNameDoerUnits: the owner's unit and the cooperating units come from
// the institution's names and aliases; none without them.
func TestNameDoerUnits(t *testing.T) {
	s := NewSuggester(nil)
	s.SetNames(map[string]string{
		"教务处": "JWC", "人事处": "RSC", "发展规划处": "FGC", "财务处": "CWC", "后勤保障处": "HQC",
		"研究生院": "YJS", "学生工作部": "XGB", "马克思主义学院": "MKS", "组织部": "ZZB", "党委组织部": "ZZB",
		"Graduate School": "YJS", "Student Work Department": "XGB", "Finance Office": "CWC",
	})
	for _, c := range []struct {
		text, unit string
		coop       []string
	}{
		{"请人事处会同发展规划处于11月10日前完成考核办法修订", "RSC", []string{"FGC"}},
		{"保卫处要会同后勤保障处在秋季开学前完成全部隐患整改", "", []string{"HQC"}},
		{"学生工作部和研究生院要做好毕业生就业工作", "XGB", []string{"YJS"}},
		{"马克思主义学院党委要严格落实意识形态工作责任制", "MKS", []string{}},
		{"党委组织部要配合人事处、财务处做好干部交流，交发展规划处备案", "ZZB", []string{"RSC", "CWC"}},
		{"教务处要牵头，人事处配合，完善教学评价", "JWC", []string{"RSC"}},
		{"The Graduate School and the Student Work Department should ensure the employment rate", "YJS", []string{"XGB"}},
		{"The Graduate School will, in cooperation with the Finance Office, fund every admitted student", "YJS", []string{"CWC"}},
		{"各学院要做好迎新工作", "", []string{}},
	} {
		d := Draft{Text: c.text, Cooperating: []string{}}
		nameDoer(&d, s)
		if d.OwnerUnit != c.unit || !cmp.Equal(d.Cooperating, c.coop) {
			t.Errorf("%s\n  got unit %q cooperating %v\n want unit %q cooperating %v", c.text, d.OwnerUnit, d.Cooperating, c.unit, c.coop)
		}
		d = Draft{Text: c.text, Cooperating: []string{}}
		nameDoer(&d, nil)
		if d.OwnerUnit != "" || len(d.Cooperating) != 0 {
			t.Errorf("%s: without unit names got unit %q cooperating %v", c.text, d.OwnerUnit, d.Cooperating)
		}
	}
	// Decompose: a unit the text names leads, ahead of the learned suggestion
	res := Decompose("请人事处会同发展规划处于11月10日前完成学院目标责任考核实施办法修订。", Options{Units: s})
	if len(res.Drafts) != 1 {
		t.Fatalf("drafts: %+v", res.Drafts)
	}
	d := res.Drafts[0]
	if d.Owner != "人事处" || d.OwnerUnit != "RSC" || d.Unit != "RSC" || d.Deadline != "11月10日前" || !cmp.Equal(d.Cooperating, []string{"FGC"}) {
		t.Errorf("draft: %+v", d)
	}
}

// FuzzNameDoer: whatever the text, the owner and the deadline are
// substrings of it and valid UTF-8, the cooperating units come from the
// names, and nothing panics.
func FuzzNameDoer(f *testing.F) {
	for _, seed := range []string{
		"请人事处会同发展规划处于11月10日前完成学院目标责任考核实施办法修订",
		"各单位要在3月底前签订年度目标责任书",
		"The Graduate School will complete reviews of the doctoral programs by May 1",
		"I have asked the Faculty Senate to adopt a policy before the end of the term",
		"The third is to strengthen the cadre team,The Organization Department should complete the selection in the first half of the year",
		"由教务处牵头，配合单位要在年内完成，within the year",
		"\xff在\xe5前内底半 by the end of",
	} {
		f.Add(seed)
	}
	s := NewSuggester(nil)
	s.SetNames(map[string]string{"人事处": "RSC", "发展规划处": "FGC", "Graduate School": "YJS", "教务处": "JWC"})
	f.Fuzz(func(t *testing.T, text string) {
		for _, units := range []*Suggester{nil, s} {
			d := Draft{Text: text, Cooperating: []string{}}
			nameDoer(&d, units)
			for _, v := range []string{d.Owner, d.Deadline} {
				if !strings.Contains(text, v) || !utf8.ValidString(v) {
					t.Fatalf("%q: got %q, not a valid substring", text, v)
				}
			}
			for _, c := range d.Cooperating {
				if c != "RSC" && c != "FGC" && c != "YJS" && c != "JWC" || c == d.OwnerUnit {
					t.Fatalf("%q: cooperating %v with owner unit %q", text, d.Cooperating, d.OwnerUnit)
				}
			}
			if units == nil && (d.OwnerUnit != "" || len(d.Cooperating) > 0) {
				t.Fatalf("%q: units without names", text)
			}
		}
	})
}

// BenchmarkNameDoer reads owner and deadline from every draft of the
// benchmark texts (testdata/fuzz-seed), the work it adds to Decompose.
func BenchmarkNameDoer(b *testing.B) {
	res := Decompose(string(devTexts(b)), Options{})
	n := 0
	for _, d := range res.Drafts {
		n += len(d.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range res.Drafts {
			d.Owner, d.Deadline = "", ""
			nameDoer(&d, nil)
		}
	}
}
