package demo

import "github.com/luoshi-edu/luoshi/internal/model"

// demoInstitution is the fictional university's profile: its general
// office signs what luoshi issues.
var demoInstitution = model.Institution{
	Name: "示范大学", NameEn: "Demonstration University", ShortName: "示范大学", ShortNameEn: "DU",
	OfficeName: "党政办公室", TimeZone: "Asia/Shanghai",
}

// demoCalendar is the academic calendar around the demo's 2024: the
// summer retreat falls at the end of the spring term 2024, so 本学期内 said
// there means its last day, and said in the autumn the autumn term's.
var demoCalendar = []model.AcademicYear{
	{Year: 2023, Terms: []model.Term{
		{Term: model.TermAutumn, Start: model.Ymd(2023, 9, 4), End: model.Ymd(2024, 1, 19)},
		{Term: model.TermSpring, Start: model.Ymd(2024, 2, 26), End: model.Ymd(2024, 7, 5)},
	}},
	{Year: 2024, Terms: []model.Term{
		{Term: model.TermAutumn, Start: model.Ymd(2024, 9, 2), End: model.Ymd(2025, 1, 17)},
		{Term: model.TermWinter, Start: model.Ymd(2025, 1, 18), End: model.Ymd(2025, 2, 23)},
		{Term: model.TermSpring, Start: model.Ymd(2025, 2, 24), End: model.Ymd(2025, 7, 4)},
		{Term: model.TermSummer, Start: model.Ymd(2025, 7, 5), End: model.Ymd(2025, 8, 31)},
	}},
}

// demoPortfolios is who is in charge of what (分管) from the second
// half-year of 2024.
var demoPortfolios = []model.Portfolio{
	{Leader: president, From: model.Ymd(2024, 7, 1), Units: []string{"FGC", "JCY"}, Themes: []string{"discipline"}},
	{Leader: secretary, From: model.Ymd(2024, 7, 1), Units: []string{"ZZB", "JW"}, Themes: []string{"party_building"}},
	{Leader: vpTeaching, From: model.Ymd(2024, 7, 1), Units: []string{"JWC", "YJSY", "XGB", "JDXY", "LXY"}, Themes: []string{"talent_training"}},
	{Leader: vpResearch, From: model.Ymd(2024, 7, 1), Units: []string{"KJC", "SKC", "GJC", "XXXY", "RWXY"}, Themes: []string{"research"}},
	{Leader: vpResources, From: model.Ymd(2024, 7, 1), Units: []string{"CWC", "ZCC", "RSC"}, Themes: []string{"resources", "talent_team"}},
	{Leader: deputySec, From: model.Ymd(2024, 7, 1), Units: []string{"XCB", "DB"}, Themes: []string{"culture", "governance"}},
}
