package demo

import (
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

var demoUnits = []model.Unit{
	{Code: "LDR", Name: "校领导班子", NameEn: "University Leadership", Kind: model.UnitLeadership},
	{Code: "DB", Name: "党政办公室", NameEn: "General Office", Kind: model.UnitDepartment},
	{Code: "JWC", Name: "教务处", NameEn: "Office of Academic Affairs", Kind: model.UnitDepartment},
	{Code: "YJSY", Name: "研究生院", NameEn: "Graduate School", Kind: model.UnitDepartment},
	{Code: "KJC", Name: "科学技术处", NameEn: "Office of Science and Technology", Kind: model.UnitDepartment},
	{Code: "SKC", Name: "社会科学处", NameEn: "Office of Humanities and Social Sciences", Kind: model.UnitDepartment},
	{Code: "RSC", Name: "人事处", NameEn: "Human Resources Office", Kind: model.UnitDepartment},
	{Code: "CWC", Name: "财务处", NameEn: "Finance Office", Kind: model.UnitDepartment},
	{Code: "FGC", Name: "发展规划处", NameEn: "Office of Development and Planning", Kind: model.UnitDepartment},
	{Code: "ZZB", Name: "党委组织部", NameEn: "Organization Department of the Party Committee", Kind: model.UnitDepartment},
	{Code: "XCB", Name: "党委宣传部", NameEn: "Publicity Department of the Party Committee", Kind: model.UnitDepartment},
	{Code: "JW", Name: "纪委办公室", NameEn: "Office of the Discipline Inspection Commission", Kind: model.UnitDepartment},
	{Code: "XGB", Name: "学生工作部", NameEn: "Student Affairs Department", Kind: model.UnitDepartment},
	{Code: "GJC", Name: "国际交流合作处", NameEn: "Office of International Affairs", Kind: model.UnitDepartment},
	{Code: "ZCC", Name: "资产管理处", NameEn: "Asset Management Office", Kind: model.UnitDepartment},
	{Code: "JDXY", Name: "机电学院", NameEn: "School of Mechatronical Engineering", Kind: model.UnitSchool},
	{Code: "LXY", Name: "理学院", NameEn: "School of Science", Kind: model.UnitSchool},
	{Code: "RWXY", Name: "人文学院", NameEn: "School of Humanities", Kind: model.UnitSchool},
	{Code: "XXXY", Name: "信息学院", NameEn: "School of Information", Kind: model.UnitSchool},
	{Code: "JCY", Name: "交叉科学研究院", NameEn: "Institute for Interdisciplinary Sciences", Kind: model.UnitInstitute},
}

// Leaders' usernames, used as measures' leader in charge.
const (
	president   = "chenguoqiang" // 校长
	secretary   = "wangjianhua"  // 党委书记
	vpResearch  = "zhaoliping"   // 副校长（科研）
	vpTeaching  = "sunyan"       // 副校长（教学）
	vpResources = "huangzhiyuan" // 副校长（财务、资产、规划）
	deputySec   = "xulin"        // 党委副书记
	officeClerk = "linxiao"      // 党政办公室督办员
)

// liaisonNames are the unit liaisons (role unit), one per unit but the
// leadership group; their usernames are the unit codes in lower case.
var liaisonNames = map[string]string{
	"DB": "吴敏", "JWC": "王芳", "YJSY": "李娜", "KJC": "刘洋", "SKC": "陈静", "RSC": "杨帆", "CWC": "赵磊",
	"FGC": "黄丽", "ZZB": "周涛", "XCB": "吴婷", "JW": "徐斌", "XGB": "孙悦", "GJC": "马超", "ZCC": "朱红",
	"JDXY": "胡晓军", "LXY": "郭鹏", "RWXY": "何雪", "XXXY": "高峰", "JCY": "林涛",
}

// unitHeads are the heads of some units (role unit), by unit code.
var unitHeads = map[string]model.Account{
	"JWC":  {Username: "zhengwenbo", Name: "郑文博"},
	"YJSY": {Username: "fengyaqin", Name: "冯雅琴"},
	"KJC":  {Username: "hanlixin", Name: "韩立新"},
	"SKC":  {Username: "dengsiyuan", Name: "邓思远"},
	"RSC":  {Username: "caozhigang", Name: "曹志刚"},
	"CWC":  {Username: "penglihua", Name: "彭丽华"},
	"FGC":  {Username: "zengxianming", Name: "曾宪明"},
	"ZZB":  {Username: "xieguanghui", Name: "谢光辉"},
	"XCB":  {Username: "songjia", Name: "宋佳"},
	"JW":   {Username: "tangzhenguo", Name: "唐振国"},
	"XGB":  {Username: "xuwenjing", Name: "许文静"},
	"JDXY": {Username: "luojianguo", Name: "罗建国"},
	"ZCC":  {Username: "liangweidong", Name: "梁卫东"},
}

// liaison returns the username of a unit's liaison account.
func liaison(unit string) string { return strings.ToLower(unit) }

// ownerOf is who a unit's measures are owned by: its head, else its liaison.
func ownerOf(unit string) string {
	if h, ok := unitHeads[unit]; ok {
		return h.Username
	}
	return liaison(unit)
}

// demoAccounts lists every demo account: leaders, office clerks, a liaison
// per unit and the unit heads, in that order.
func demoAccounts() []model.Account {
	out := []model.Account{
		{Username: president, Role: model.RoleLeader, Unit: "LDR", Name: "陈国强"},
		{Username: secretary, Role: model.RoleLeader, Unit: "LDR", Name: "王建华"},
		{Username: vpResearch, Role: model.RoleLeader, Unit: "LDR", Name: "赵立平"},
		{Username: vpTeaching, Role: model.RoleLeader, Unit: "LDR", Name: "孙燕"},
		{Username: vpResources, Role: model.RoleLeader, Unit: "LDR", Name: "黄志远"},
		{Username: deputySec, Role: model.RoleLeader, Unit: "LDR", Name: "徐琳"},
		{Username: officeClerk, Role: model.RoleOffice, Unit: "DB", Name: "林晓"},
		{Username: "heyun", Role: model.RoleOffice, Unit: "DB", Name: "何芸"},
		{Username: "zhoujing", Role: model.RoleOffice, Unit: "DB", Name: "周静", Lang: "en"},
	}
	for _, u := range demoUnits {
		if n, ok := liaisonNames[u.Code]; ok {
			out = append(out, model.Account{Username: liaison(u.Code), Role: model.RoleUnit, Unit: u.Code, Name: n})
		}
	}
	for _, u := range demoUnits {
		if h, ok := unitHeads[u.Code]; ok {
			h.Role, h.Unit = model.RoleUnit, u.Code
			out = append(out, h)
		}
	}
	return out
}
