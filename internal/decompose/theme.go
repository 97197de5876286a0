package decompose

import "math"

// Themes are the built-in theme codes, in the order the theme scores use.
var Themes = []string{"talent_training", "discipline", "research", "talent_team", "governance", "party_building", "resources", "culture", "other"}

// theme indices, in the order of Themes.
const (
	thTraining = iota
	thDiscipline
	thResearch
	thTeam
	thGovernance
	thParty
	thResources
	thCulture
	thOther
	nThemes
)

// themeLex is the bilingual theme lexicon. Weights say how specific a phrase
// is: 3 names the theme outright ("人才培养", "budget"), 1 only leans to it.
// Phrases are the vocabulary of the genre (university work reports and
// speeches), never phrases of one particular text.
var themeLex = buildThemeLex()

func buildThemeLex() *matcher {
	m := newMatcher()
	// talent training: students, teaching, curricula, degrees.
	m.add(thTraining, 3, "人才培养|立德树人|教育教学|课程思政|培养方案|一流本科|三全育人|审核评估|教学成果|本科教学|招生|生源|推免|学位论文|培养质量|育人|学风|教材|就业|创新创业教育|实践教学")
	m.add(thTraining, 2, "本科|研究生|课程|教学|新生|学生|学位|授课|新工科|新文科|入学教育|军事技能|专业建设|专业改造|双创|辅导员")
	m.add(thTraining, 1, "培养|教育|专业|心理健康")
	m.add(thTraining, 3, "talent training|personnel training|training talents|training leading talents|general education|undergraduate*|curricul*|teaching first|gateway course*|internship*|postgraduate training|graduate training|three-complete education|student learning|learning experience")
	m.add(thTraining, 2, "students|student|teach|teaching|course|courses|degree|graduation|retention|tutors|tutor|pedagog*|learning|postgraduate*|admission*|enrol*")
	m.add(thTraining, 1, "education|educational|training|graduate|classroom*")

	// discipline construction: 学科, programmes and their portfolio.
	m.add(thDiscipline, 3, "学科建设|一流学科|学科评估|学科布局|学科方向|学科交叉|学科增长点|学科生态|学位点|学科发展|学科")
	m.add(thDiscipline, 1.5, "双一流|交叉融合|ESI|特色学科|优势学科")
	// 学科 also straddles the word boundary in 教学科研 (teaching and research)
	m.add(thDiscipline, -6, "教学科研|数学科学|化学科学")
	m.add(thDiscipline, 3, "discipline construction|disciplines|discipline-led|first-class disciplines|interdisciplinary|academic portfolio|degree program*|degree programme*|teach-out|discipline development|discipline building|subject*")
	m.add(thDiscipline, 2, "liberal arts|engineering|programs|programmes|school of|new school|academic structure|consolidation|merge programs")
	m.add(thDiscipline, 1, "national defense|distinctive strengths|double first-class|science")

	// research.
	m.add(thResearch, 3, "科研|科学研究|自然科学基金|社会科学基金|重点实验室|技术转移|成果转化|有组织科研|攻关|重点研发|原创|科技创新|科技成果")
	m.add(thResearch, 2, "科技|研究院|研究平台|创新平台|交叉研究|基金|课题|专利|实验室")
	m.add(thResearch, 1, "平台|成果|创新|项目")
	m.add(thResearch, 3, "research|scientific|self-reliance|innovation platform*|research institute*|instrumentation|patent*|technology transfer")
	m.add(thResearch, 2, "institutes|technology|technological|innovation|breakthrough*|laboratory|laboratories|labs")
	m.add(thResearch, 1, "platform*|grants|seed funding")

	// faculty / talent team.
	m.add(thTeam, 3, "人才队伍|教师队伍|师资|高层次人才|人才引进|引进人才|青年教师|人事处|职称|招聘|带头人|领军人才|教职工|岗位设置|聘用|专业技术职务|人才工作|引育|学者|骨干")
	m.add(thTeam, 2, "人事|岗位|教师|队伍|人才|师德")
	m.add(thTeam, 1, "考核|评审")
	m.add(thTeam, 2, "导师")
	m.add(thTeam, 3, "talent team|high-level talents|faculty recruitment|hiring|hire|hires|recruit*|tenure*|salaries|salary|professional title*|talent work|post system|young teachers|young faculty|faculty development|teachers' ethics|mentor*")
	m.add(thTeam, 2, "faculty|talents|talent|teachers|positions|scholars|human resources|staff development|personnel")
	m.add(thTeam, 1, "staff|leadership program|teacher")

	// governance / management.
	m.add(thGovernance, 3, "治理|放管服|校院两级|督查督办|督办|问责|管理体制|内部治理|规章制度|章程|目标责任|议事日程|负总责|约谈|调度|月报|三色|考核办法|信息化|平稳有序")
	m.add(thGovernance, 2, "管理|体制|机制|督查|安全|稳定|治安|巡查|效能|减负|流程|放权|填报|报送|佐证|整改|责任|亲自|落实|通报|制度|综合改革|法治|政策")
	m.add(thGovernance, 1, "改革|考核|检查|进度|开学|效率")
	m.add(thGovernance, 3, "负责制|理事会|党政领导班子|管理部门|松绑减负|最多跑一次|一网通办|简化|报销")
	m.add(thGovernance, 3, "governance|management|policies|policy|charter*|compliance|paperwork|information platform|organizational effectiveness|modern university system|accountability|institutional mechanism*|approval chain|decision-making|how we work")
	m.add(thGovernance, 2, "system|systems|reform|safety|security|stability|efficiency|coordination|indicators|burden|responsibility|procedure*|process*|supervision|risk|committee|oversight|administrative|administration")
	m.add(thGovernance, 3, "fire alarm*|fire safety|emergency response|emergency|security patrol*|cybersecurity")
	m.add(thGovernance, 1, "organized|organization|structure|mechanism*|basic work|rules|implementation|university")

	// party building / Party discipline.
	m.add(thParty, 3, "党建|党的建设|党组织|从严治党|党纪|作风|形式主义|官僚主义|八项规定|纪委|廉政|廉洁|政治建设|意识形态|党支部|党员|主体责任|管党治党|习近平|总书记|党委|巡察|追究责任|学纪|守纪|思想政治")
	m.add(thParty, 3, "领导干部|党员干部")
	m.add(thParty, 2, "纪律|干部|重要讲话|重要论述|学习教育|理论学习|党性|政治|讲话精神|国之大者")
	m.add(thParty, 1, "思想|精神|监督")
	m.add(thParty, 3, "违规|违纪|津贴补贴|公款|吃喝|四风|风险点")
	m.add(thParty, 3, "party building|party discipline|party members|party member|party branch*|party committee*|cadres|cadre|discipline rules|rules and discipline|moral integrity|integrity|formalism|bureaucratism|plenary session|xi jinping|political|ideolog*|anti-corruption|corruption|work style|clean government")
	m.add(thParty, 2, "party|discipline|disciplinary|communist|socialism")
	m.add(thParty, 1, "spirit of|study and education|rules")

	// resources / finance.
	m.add(thResources, 3, "经费|资金|预算|财务|资源配置|资产|公用房|专款专用|捐赠|基金会|筹措|住房|公寓|基建|资源统筹|办学资源")
	m.add(thResources, 2, "资源|设备|收入|成本|投入|教室|绩效评价|拨付|校区|用房|空间")
	m.add(thResources, 3, "budget*|funds|finance|financial|endowment|revenue|tuition|net-tuition|affordab*|apartments|housing|allowance|allocation|assets|borrowing|fundrais*|donor*|expenditure|cost-recovery")
	m.add(thResources, 2, "resources|resource|funding|costs|cost|discount*|space|campaign|investment|invest|grant|equipment|facilities|capital")
	m.add(thResources, 1, "fund|money|price*")
	m.add(thResources, 3, "fund use|use of funds|fund management|procurement|savings|条件保障|专项经费")

	// campus culture / ecology.
	m.add(thCulture, 3, "校园文化|文明校园|绿色校园|校园生态|美丽校园|校史|校风|校训|宣传部|景观|文化活动|校庆|文化建设|校园氛围")
	m.add(thCulture, 2, "文化|生态|和谐|宣传|建校|周年|氛围|心理|校友|节能|环境")
	m.add(thCulture, 3, "culture|cultural|campus climate|climate survey|ecology|ecosystem|greenhouse|emissions|sustainab*|belonging|civil discourse|residence hall*|counsel*|peer-support|well-being|wellbeing|mental health|beautiful campus|green ecology|anniversary|celebration*")
	m.add(thCulture, 3, "solar|energy saving*|energy efficiency|carbon|trees|tree planting|recycling")
	m.add(thCulture, 1.5, "campus|disagree|respect|civility")
	m.add(thCulture, 2, "atmosphere|harmony|green|clean air|care for|community life|inclusion|diversity|heritage")

	// other: service to society, regions, international affairs, aid.
	m.add(thOther, 3, "帮扶|定点帮扶|乡村振兴|校地合作|服务地方|社会服务|战略合作|对口|国际交流|国际学生|留学生|签证|地方经济|地方合作|人民政府")
	m.add(thOther, 2, "地方|国际|合作协议|政府|企业|产业|基层治理")
	m.add(thOther, 3, "poverty|alleviation|county|school districts|workforce|dual-enrollment|high school*|international students|visa*|regional development|local government")
	m.add(thOther, 2, "region|regional|city|partner|partnership*|international|local|community|communities|feasibility|alumni")
	// broader vocabulary of teaching and students, in both languages
	m.add(thTraining, 3, "研究生教育|本科生|专业学位|学术学位|课堂教学|教学质量|教学改革|一流课程|学业|毕业生|实习|实训|第二课堂|拔尖创新人才|卓越工程师|产教融合|联合培养|学分|选修|必修|教务|师范生|思政课")
	m.add(thTraining, 2, "课堂|教改|考试")
	m.add(thTraining, 3, "academic advising|advising|tutoring|first-year|graduation rate*|retention rate*|syllabus|syllabi|general education credit|transfer credit*|apprenticeship*|capstone*|honors college|academic success|english-taught|full-english|english-medium")
	m.add(thTraining, 2, "doctoral student*|graduate student*|phd student*|master's|master’s|advisor*|advisee*")
	m.add(thDiscipline, 3, "博士点|硕士点|学位授权点|一级学科|二级学科|新兴学科|交叉学科|学科群|专业设置|专业布局|学科点")
	m.add(thDiscipline, 3, "academic program*|academic programme*|program review*|programme review*|program portfolio|low-enrollment|low-enrolment|program closure*|new program*")
	m.add(thResearch, 3, "科研项目|纵向项目|横向项目|科研平台|研究中心|研究基地|高水平论文|学术论文|智库|基础研究|应用研究|协同创新|产学研|科研团队")
	m.add(thResearch, 3, "sponsored research|sponsored award*|external grant*|research grant*|seed grant*|external funding|research expenditure*|grant proposal*|grant application*|principal investigator*|publication*|citation*|research center*|research centre*|think tank*|basic research|applied research")
	m.add(thResearch, 2, "lab")
	m.add(thTeam, 3, "专任教师|教师招聘|人才计划|青年人才|青年英才|引进青年|引进博士|全职引进|博士后|师德师风|教师发展|教师培训|岗前培训|导师队伍|导师遴选|导师培训|导师职责|导师立德树人|导师制|分类评价|人才评价|职称评审|绩效工资|薪酬|待遇|聘任|人才政策|外籍教师")
	m.add(thTeam, 3, "faculty hiring|new faculty|faculty salar*|faculty line*|tenure-track|tenure track|early-career|early career|adjunct*|lecturer*|professorship*|endowed chair*|start-up package*|startup package*|compensation|pay equity|sabbatical*|release time|postdoc*")
	m.add(thTeam, 2, "workload*|employee*")
	m.add(thGovernance, 3, "自查|督导|台账|任务清单|责任清单|时间节点|闭环|考核结果|绩效考核|数据对接|依法治校|内部控制|风险防控|安全隐患|隐患排查|应急|消防|值班|保密|档案|信访|周报|一表通")
	m.add(thGovernance, 2, "智慧校园|数字化|清单")
	m.add(thGovernance, 3, "institutional research|dashboard*|data system*|shared services|strategic plan*|faculty senate|academic senate|bylaws|internal control*|deadline*|timeline*|task list|implementation lead|report progress|progress report*|performance review*|key performance|kpi*|accountable")
	// names that straddle other themes' words
	m.add(thResearch, -3, "institutional research")
	m.add(thTeam, -2, "faculty senate")
	m.add(thResources, -2, "完成本|形成本|组成本")
	m.add(thParty, 3, "基层党组织|党组织书记|党支部书记|双带头人|三会一课|组织生活|主题党日|发展党员|党务|党课|纪检|监察|统战|统一战线|宣传思想|阵地|政治理论|第一议题|中央八项规定|清廉|作风建设|政治生态|党风|民主生活会")
	m.add(thParty, 2, "组织部")
	m.add(thParty, 4, "governance of the party|strict governance|strictly govern*|comprehensive and strict")
	m.add(thGovernance, -3, "governance of the party|strict governance")
	m.add(thParty, 3, "party conduct|party organization*|party organisation*|eight-point|central regulations|grass-roots party|primary-level party|political theory|ideological|united front|clean and honest")
	m.add(thResources, 3, "奖助|奖学金|助学金|助研津贴|助学贷款|勤工助学|学费|收费|国有资产|资产管理|采购|招标|三公|经费支出|过紧日子|开源节流|基本建设|维修改造")
	m.add(thResources, 2, "场地|设施|新校区|工程建设")
	m.add(thResources, 3, "scholarship*|financial aid|need-based aid|stipend*|reserves|one-time funds|capital project*|renovation*|deferred maintenance|square feet|square footage|utilities|purchasing|vendor*|operating budget")
	m.add(thResources, 2, "fee|fees")
	m.add(thCulture, 3, "心理健康|心理咨询|心理危机|文明|志愿服务|校园活动|社团|垃圾分类|低碳|节水|绿化|植树|书院")
	m.add(thCulture, 3, "wellness|distress|suicide|difficult conversations|free expression|free speech|bias-response|bias incident*|inclusive|respectful|student life|campus life|residential life|volunteer*|athletics|museum*")
	m.add(thCulture, 2, "dialogue|crisis|crises|arts|traditions")
	m.add(thOther, 3, "出国|境外|海外|出访|国际化|中外合作|孔子学院|来华|一带一路|港澳台|对外合作|继续教育|中小学|基础教育")
	m.add(thOther, 3, "study abroad|study-abroad|exchange program*|exchange agreement*|global engagement|sister school*|joint degree*|dual degree*|international partnership*")
	m.add(thOther, 2, "overseas|foreign|international student|外事|outbound|inbound")

	// The boundaries of THEMES.md that words can carry.
	// 1. Follow-through, supervision of work and working style are
	// governance even in political words; the Party's own discipline (八项规定,
	// the four winds, clean government) stays Party building.
	m.add(thGovernance, 3, "抓落实|抓好落实|狠抓落实|抓工作落实|钉钉子|政绩观|调查研究|为基层减负|文山会海|令行禁止|不打折扣|落地见效|落到实处|挂牌督办|提案办理|教代会|民主管理")
	m.add(thParty, -3, "作风建设|作风")
	m.add(thGovernance, 3, "作风建设|工作作风|作风")
	m.add(thGovernance, 3, "grasp the implementation|take the lead in the implementation|implementation of the|carry out the|to the letter|follow-through|follow through|task list|tasks determined")
	// 3. "Education": a Party study campaign and the training of cadres are
	// Party building, the education of students is talent training.
	m.add(thParty, 3, "主题教育|theme education|干部培训|干部教育|干部选拔|选拔任用|干部考核|学员")
	m.add(thTraining, 5, "思想政治教育|思政教育|劳动教育|国家安全教育|课后服务|双减")
	m.add(thParty, -3, "思想政治教育")
	// 4. 思政课 teachers as a staff body, Marxism as scholarship.
	m.add(thTeam, 5, "思政课教师|辅导员队伍|思政课教师队伍")
	m.add(thTraining, -2, "辅导员队伍")
	m.add(thResearch, 3, "学理化|研究阐释|理论研究")
	// 5. Regulation of outside providers is governance; exchange of
	// teachers is faculty; paired assistance is other.
	m.add(thGovernance, 3, "校外培训")
	m.add(thTeam, 3, "交流轮岗")
	m.add(thOther, 3, "支教|对口支援|对口协作")
	// 6. Care, morale and unity are campus culture.
	m.add(thCulture, 3, "关爱|关心关爱|送温暖|暖心|温暖|冷暖|娘家人|工会|文体|教职工之家|民生实事|困难帮扶|心齐气顺|凝心聚力|凝聚力|士气")
	m.add(thCulture, 2, "团结")
	// network culture and the students' living community (一站式学生社区)
	m.add(thCulture, 3, "网络文化|网络空间|网络思想政治|学生社区")
	m.add(thOther, -3, "困难帮扶")
	m.add(thCulture, 3, "morale|look after|looking after|take care of|livelihood|worries of|employee resource group*|workplace climate|unity")
	// 7. Degree programmes as units of the portfolio are discipline
	// construction.
	m.add(thDiscipline, 3, "master's program*|master’s program*|doctoral program*|professional master's|professional master’s")
	m.add(thDiscipline, 3, "学位授权|授权点|增列")
	// fees and spending are resources even when a sentence asks to regulate
	// them
	m.add(thResources, 3, "收费管理|收支|一般性支出|压减|财力|charging|charges")
	m.add(thTeam, 3, "credential*|instructor*")
	m.add(thResearch, 3, "horizontal project*|vertical project*|project leader*|横向科研|纵向科研")

	return m
}

// themeScoresOf accumulates theme evidence for [a, b) from the theme hits of
// the sentence holding it (sentenceHits). Matches early in the span weigh
// more: the subject of a directive usually comes first.
func themeScoresOf(hits []themeHit, a, b int, sc *[nThemes]float64) {
	if b <= a {
		return
	}
	for _, h := range hits {
		if h.pos >= a && h.end <= b {
			addThemeHit(sc, a, b, h.pos, h.cat, h.w)
		}
	}
}

func addThemeHit(sc *[nThemes]float64, a, b, pos, cat int, w float64) {
	sc[cat] += w * (1 + 0.8*(1-float64(pos-a)/float64(b-a)))
}

// evidenceMin is the theme score below which a span is treated as having no
// theme of its own and takes one from its context.
const evidenceMin = 2.0

// pickTheme returns the best theme index, its score and a confidence 0..1.
func pickTheme(sc *[nThemes]float64) (int, float64, float64) {
	best, second, sum := 0, -1, 0.0
	for i := 0; i < nThemes; i++ {
		sum += sc[i]
		if sc[i] > sc[best] {
			best = i
		}
	}
	for i := 0; i < nThemes; i++ {
		if i != best && (second < 0 || sc[i] > sc[second]) {
			second = i
		}
	}
	top := sc[best]
	if top <= 0 {
		return thGovernance, 0, 0.15
	}
	margin := top - sc[second]
	conf := 0.3 + 0.6*(margin/(sum+1)) + 0.1*min(top/10, 1)
	if conf > 0.99 {
		conf = 0.99
	}
	return best, top, conf
}

// themeModelWeight is how much the naive Bayes model's log probabilities
// count against the lexicon's score (with its context: headings, agenda
// topic), which acts as the prior that carries the rules. Well under 1: the
// model's words are not independent, so it is overconfident. Its English
// words count for less (themeModelWeightEn): they were learned from fewer
// items and say less than a Chinese bigram. A draft mixing both is weighed by
// its share of each. The values are the middle of the ranges where the
// leave-one-text-out accuracy is best (loto_test.go, LOTO_GRID=1); variables
// so that the test can search them.
var (
	themeModelWeight   = 0.3
	themeModelWeightEn = 0.15
)

// draftTheme decides the theme of the draft s[a:b] from the lexicon's
// scores sc (its own and its context's) and the theme model: the built-in
// one, or the institution's when units has learned from accepted measures.
// It returns the theme index and a confidence 0..1.
func draftTheme(s string, a, b int, sc *[nThemes]float64, units *Suggester) (int, float64) {
	m := builtinThemeModel()
	if units != nil {
		m = units.themesModel()
	}
	var post [nThemes]float64
	han, latin := m.logJoint(s, a, b, &post)
	w := themeModelWeight
	if han+latin > 0 {
		w = (float64(han)*themeModelWeight + float64(latin)*themeModelWeightEn) / float64(han+latin)
	}
	var comb [nThemes]float64
	best := 0
	for t := range comb {
		comb[t] = w*post[t] + sc[t]
		if comb[t] > comb[best] {
			best = t
		}
	}
	// the confidence is the softmax of the best; themes far behind it
	// (e^-12 < 10^-5) are left out of the sum, which saves most of the exps
	sum := 0.0
	for t := range comb {
		if d := comb[t] - comb[best]; d > -12 {
			sum += math.Exp(d)
		}
	}
	return best, min(1/sum, 0.99)
}
