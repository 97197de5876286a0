package xlsx

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// updateExamples rewrites docs/units-example.xlsx and
// docs/people-example.xlsx from exampleUnits and examplePeople:
//
//	go test ./internal/xlsx -run TestExampleSheets -update-examples
var updateExamples = flag.Bool("update-examples", false, "rewrite the example sheets under docs/")

const (
	unitsExample  = "../../docs/units-example.xlsx"
	peopleExample = "../../docs/people-example.xlsx"
)

// exampleUnits is a fictional institution's 12 units: the leadership
// group, party departments, functional departments, schools, an institute
// under the science office and the library.
func exampleUnits() []app.UnitRow {
	return []app.UnitRow{
		{Name: "校领导班子", Code: "LDR", Kind: "校领导班子", Aliases: []string{"校领导"}, NameEn: "University Leadership"},
		{Name: "党政办公室", Code: "DZB", Kind: "党群部门", Aliases: []string{"党办", "校办"}, NameEn: "General Office"},
		{Name: "党委组织部", Code: "ZZB", Kind: "党群部门", Aliases: []string{"组织部"}, NameEn: "Organization Department"},
		{Name: "党委宣传部", Code: "XCB", Kind: "党群部门", Aliases: []string{"宣传部"}, NameEn: "Publicity Department"},
		{Name: "教务处", Code: "JWC", Kind: "职能部门", Aliases: []string{"本科生院"}, NameEn: "Office of Academic Affairs"},
		{Name: "科学技术处", Code: "KJC", Kind: "职能部门", Aliases: []string{"科技处"}, NameEn: "Office of Science and Technology"},
		{Name: "人事处", Code: "RSC", Kind: "职能部门", Aliases: []string{"人才办"}, NameEn: "Human Resources Office"},
		{Name: "计算机学院", Code: "JSJ", Kind: "学院", Aliases: []string{"计院"}, NameEn: "School of Computer Science"},
		{Name: "机械工程学院", Code: "JXXY", Kind: "学院", Aliases: []string{"机械学院"}, NameEn: "School of Mechanical Engineering"},
		{Name: "外国语学院", Code: "WGY", Kind: "学院", Aliases: []string{"外院"}, NameEn: "School of Foreign Languages"},
		{Name: "先进材料研究院", Code: "CLY", Parent: "科学技术处", Kind: "研究机构", Aliases: []string{"材料院"}, NameEn: "Institute of Advanced Materials"},
		{Name: "图书馆", Code: "TSG", Kind: "直属单位", NameEn: "University Library"},
	}
}

// examplePeople is the same institution's 20 people: the office clerk
// (bangongshi), four leaders with the units they are in charge of, a
// liaison for every unit (two for the computer school) and three heads
// without an account.
func examplePeople() []app.PersonRow {
	return []app.PersonRow{
		{Name: "周敏", StaffNo: "T1001", Unit: "党政办公室", Title: "督查督办科科长", Role: "办公室", Username: "bangongshi", Email: "zhoumin@example.edu.cn", Phone: "13800000001"},
		{Name: "张三", StaffNo: "T0001", Unit: "校领导班子", Title: "党委书记", Role: "校领导", Username: "zhangsan", Email: "zhangsan@example.edu.cn", Portfolio: []string{"党政办公室", "党委组织部", "党委宣传部"}},
		{Name: "李四", StaffNo: "T0002", Unit: "校领导班子", Title: "校长", Role: "校领导", Username: "lisi", Email: "lisi@example.edu.cn", Portfolio: []string{"人事处", "图书馆"}},
		{Name: "王五", StaffNo: "T0003", Unit: "校领导班子", Title: "副校长", Role: "校领导", Username: "wangwu", Email: "wangwu@example.edu.cn", Portfolio: []string{"教务处", "计算机学院", "外国语学院"}},
		{Name: "赵六", StaffNo: "T0004", Unit: "校领导班子", Title: "副校长", Role: "校领导", Username: "zhaoliu", Email: "zhaoliu@example.edu.cn", Portfolio: []string{"科学技术处", "机械工程学院", "先进材料研究院"}},
		{Name: "朱婷", StaffNo: "T2012", Unit: "党政办公室", Title: "秘书科科员", Role: "单位", Username: "dzb01", Email: "zhuting@example.edu.cn", Phone: "13800000017"},
		{Name: "孙丽", StaffNo: "T2001", Unit: "党委组织部", Title: "组织员", Role: "单位", Username: "zzb01", Email: "sunli@example.edu.cn", Phone: "13800000006"},
		{Name: "吴刚", StaffNo: "T2002", Unit: "党委宣传部", Title: "宣传干事", Role: "单位", Username: "xcb01", Email: "wugang@example.edu.cn", Phone: "13800000007"},
		{Name: "郑华", StaffNo: "T2003", Unit: "教务处", Title: "教学运行科科长", Role: "单位", Username: "jwc01", Email: "zhenghua@example.edu.cn", Phone: "13800000008"},
		{Name: "秦岭", StaffNo: "T3001", Unit: "教务处", Title: "处长"},
		{Name: "冯雪", StaffNo: "T2004", Unit: "科学技术处", Title: "科研管理科科员", Role: "单位", Username: "kjc01", Email: "fengxue@example.edu.cn", Phone: "13800000009"},
		{Name: "许文", StaffNo: "T3003", Unit: "科学技术处", Title: "处长"},
		{Name: "陈静", StaffNo: "T2005", Unit: "人事处", Title: "师资科科员", Role: "单位", Username: "rsc01", Email: "chenjing@example.edu.cn", Phone: "13800000010"},
		{Name: "褚明", StaffNo: "T2006", Unit: "计算机学院", Title: "学院办公室主任", Role: "单位", Username: "jsj01", Email: "chuming@example.edu.cn", Phone: "13800000011"},
		{Name: "卫红", StaffNo: "T2007", Unit: "计算机学院", Title: "教学秘书", Role: "单位", Username: "jsj02", Email: "weihong@example.edu.cn", Phone: "13800000012"},
		{Name: "尤佳", StaffNo: "T3002", Unit: "计算机学院", Title: "院长"},
		{Name: "蒋涛", StaffNo: "T2008", Unit: "机械工程学院", Title: "学院办公室主任", Role: "单位", Username: "jxxy01", Email: "jiangtao@example.edu.cn", Phone: "13800000013"},
		{Name: "沈琳", StaffNo: "T2009", Unit: "外国语学院", Title: "学院办公室主任", Role: "单位", Username: "wgy01", Email: "shenlin@example.edu.cn", Phone: "13800000014"},
		{Name: "韩磊", StaffNo: "T2010", Unit: "先进材料研究院", Title: "综合办公室主任", Role: "单位", Username: "cly01", Email: "hanlei@example.edu.cn", Phone: "13800000015"},
		{Name: "杨帆", StaffNo: "T2011", Unit: "图书馆", Title: "办公室主任", Role: "单位", Username: "tsg01", Email: "yangfan@example.edu.cn", Phone: "13800000016"},
	}
}

// TestExampleSheets checks the example sheets under docs/ are the ones
// exampleUnits and examplePeople describe (rewriting them with
// -update-examples), and that they import cleanly into an empty database,
// units then people, as an admin setting up luoshi would: 12 units, 20
// people, 17 accounts without a password, four leaders' portfolios. The
// browser tests import the same two files.
func TestExampleSheets(t *testing.T) {
	if *updateExamples {
		for path, write := range map[string]func(*bytes.Buffer) error{
			unitsExample:  func(b *bytes.Buffer) error { return WriteUnits(b, "单位名单（示例）", exampleUnits()) },
			peopleExample: func(b *bytes.Buffer) error { return WritePeople(b, "人员名单（示例）", examplePeople()) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	units, err := os.ReadFile(unitsExample)
	if err != nil {
		t.Fatalf("%v (make it with go test ./internal/xlsx -run TestExampleSheets -update-examples)", err)
	}
	people, err := os.ReadFile(peopleExample)
	if err != nil {
		t.Fatal(err)
	}
	gotUnits, errs, _ := ReadUnits(bytes.NewReader(units))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ignoreLine := cmpopts.IgnoreFields(app.UnitRow{}, "Line")
	if diff := cmp.Diff(exampleUnits(), gotUnits, ignoreLine, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s is not exampleUnits (-want +got); rewrite it with -update-examples:\n%s", filepath.Base(unitsExample), diff)
	}
	gotPeople, errs, _ := ReadPeople(bytes.NewReader(people))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if diff := cmp.Diff(examplePeople(), gotPeople, cmpopts.IgnoreFields(app.PersonRow{}, "Line"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s is not examplePeople (-want +got); rewrite it with -update-examples:\n%s", filepath.Base(peopleExample), diff)
	}

	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	ur, err := ImportUnits(ctx, a, app.System, bytes.NewReader(units), app.ImportOptions{})
	if err != nil || ur.Count(app.ImportCreate) != 12 {
		t.Fatalf("units: %v %v %+v", err, ur.Errors, ur.Actions)
	}
	pr, err := ImportPeople(ctx, a, app.System, bytes.NewReader(people), app.ImportOptions{})
	if err != nil || pr.Count(app.ImportCreate) != 20 || len(pr.NewAccounts) != 17 || len(pr.NotInSheet) != 0 {
		t.Fatalf("people: %v %v %+v %v", err, pr.Errors, pr.Actions, pr.NewAccounts)
	}
	for user, want := range map[string][2]string{
		"bangongshi": {model.RoleOffice, "DZB"}, "zhangsan": {model.RoleLeader, "LDR"}, "lisi": {model.RoleLeader, "LDR"},
		"wangwu": {model.RoleLeader, "LDR"}, "zhaoliu": {model.RoleLeader, "LDR"}, "jsj01": {model.RoleUnit, "JSJ"},
		"jxxy01": {model.RoleUnit, "JXXY"}, "wgy01": {model.RoleUnit, "WGY"},
	} {
		acct, hash, err := apptest.Store(a).PasswordHash(ctx, user)
		if err != nil || acct.Role != want[0] || acct.Unit != want[1] || hash != "" {
			t.Errorf("%s: %+v %v (password set: %v)", user, acct, err, hash != "")
		}
	}
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := a.Portfolios(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	cur := ps.At(today.Day)
	if len(cur) != 4 || !slices.Equal(cur["wangwu"].Units, []string{"JWC", "JSJ", "WGY"}) {
		t.Errorf("portfolios: %+v", cur)
	}
	cly, err := apptest.Store(a).Unit(ctx, "CLY")
	if err != nil || cly.Parent != "KJC" || cly.Kind != model.UnitInstitute {
		t.Errorf("institute: %+v %v", cly, err)
	}
}
