package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

const (
	importSheetUsage = "usage: luoshi import units|people FILE.xlsx [--dry-run] [--db FILE]"
	exportSheetUsage = "usage: luoshi export units|people -o FILE.xlsx [--db FILE]"
)

// sheetOf is the sheet an import or export command names: its first
// argument that is not a flag or a flag's value ("" when there is none).
func sheetOf(args []string) string {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, name := range []string{"db", "o", "period", "meeting"} {
		fs.String(name, "", "")
	}
	fs.Bool("dry-run", false, "")
	pos, err := parseAnywhere(fs, args)
	if err != nil || len(pos) == 0 {
		return ""
	}
	return pos[0]
}

// importInstitution imports a units or people sheet as the system account:
// all rows or, with any bad row, none (each listed on stderr, exit 2).
// Nothing is deleted; who the database holds and the sheet does not is
// listed for the admin to disable.
func importInstitution(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("import", stderr)
	dry := fs.Bool("dry-run", false, "check the sheet and say what would be done, writing nothing")
	pos, err := parseAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "units" && pos[0] != "people") {
		return usageError{importSheetUsage}
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return usageError{err.Error()}
	}
	defer f.Close()
	a, done, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	read := xlsx.ImportUnits
	if pos[0] == "people" {
		read = xlsx.ImportPeople
	}
	p, r := readProgress(stderr, "import "+pos[0], f)
	rep, err := read(ctx, a, app.System, r, app.ImportOptions{DryRun: *dry, Progress: p.Rows})
	printRowErrors(stderr, pos[1], rep.Errors)
	if err != nil {
		return err
	}
	p.Done(fmt.Sprintf("%d rows: created %d, updated %d, unchanged %d", len(rep.Actions),
		rep.Count(app.ImportCreate), rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged)))
	verb := importVerbs(rep.DryRun)
	printActions(stdout, verb, rep.Actions)
	for _, u := range rep.NotInSheet {
		fmt.Fprintf(stdout, "not in the sheet (不在表中)\t%s\t%s\t%s\n", u.Code, u.Name, u.Unit)
	}
	fmt.Fprintf(stdout, "%s %d, %s %d, unchanged %d, not in the sheet %d", verb[app.ImportCreate], rep.Count(app.ImportCreate),
		verb[app.ImportUpdate], rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged), len(rep.NotInSheet))
	if rep.DryRun {
		fmt.Fprint(stdout, " (dry run: nothing written)")
	}
	fmt.Fprintln(stdout)
	if n := len(rep.NewAccounts); n > 0 {
		made := "made"
		if rep.DryRun {
			made = "would be made"
		}
		fmt.Fprintf(stdout, "%d new accounts %s without a password (%s): they sign in through single sign-on, or after the admin resets their password\n",
			n, made, strings.Join(rep.NewAccounts, ", "))
	}
	if len(rep.NotInSheet) > 0 {
		fmt.Fprintln(stdout, "nothing was deleted: deactivate or disable what is not in the sheet by hand")
	}
	return nil
}

// exportInstitution writes the units or people sheet to a new file.
func exportInstitution(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("export", stderr)
	out := fs.String("o", "", "the .xlsx file to write")
	pos, err := parseAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "units" && pos[0] != "people") || *out == "" {
		return usageError{exportSheetUsage}
	}
	a, done, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	var rows int
	var write func(io.Writer) error
	if pos[0] == "units" {
		units, title, err := a.UnitSheet(ctx, app.System)
		if err != nil {
			return err
		}
		rows, write = len(units), func(w io.Writer) error { return xlsx.WriteUnits(w, title, units) }
	} else {
		people, title, err := a.PeopleSheet(ctx, app.System)
		if err != nil {
			return err
		}
		rows, write = len(people), func(w io.Writer) error { return xlsx.WritePeople(w, title, people) }
	}
	// Write beside the target and rename, as export measures does.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".luoshi-export-*.xlsx")
	if err != nil {
		return usageError{err.Error()}
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d %s to %s\n", rows, pos[0], *out)
	return nil
}
