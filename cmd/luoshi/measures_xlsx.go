package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

const importUsage = "usage: luoshi import measures FILE.xlsx [--dry-run] [--period 2024-H2] [--db FILE]"
const exportUsage = "usage: luoshi export measures [--meeting ID] [--period 2024-H2] -o FILE.xlsx [--db FILE]"

// parseAnywhere parses flags that may come before or after the positional
// arguments ("import measures FILE.xlsx --dry-run") and returns those.
func parseAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// openExisting opens a database that must exist already: importing into or
// exporting from a new empty file is a mistyped --db.
func openExisting(ctx context.Context, db string) (*app.App, func(), error) {
	if !strings.Contains(db, "://") {
		if _, err := os.Stat(db); err != nil {
			return nil, nil, usageError{fmt.Sprintf("database %s: %v", db, err)}
		}
	}
	s, err := openStore(ctx, db, nil)
	if err != nil {
		return nil, nil, err
	}
	return newApp(s, nil), func() { s.Close() }, nil
}

// importMeasures imports a task decomposition table as the system account:
// all rows or, with any bad row, none (each listed on stderr, exit 2).
func importMeasures(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("import", stderr)
	dry := fs.Bool("dry-run", false, "check the sheet and say what would be done, writing nothing")
	period := fs.String("period", "", "period of new measures whose deadline names no day (default: the current half-year)")
	pos, err := parseAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "measures" {
		return usageError{importUsage}
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
	p, r := readProgress(stderr, "import measures", f)
	rep, err := xlsx.ImportMeasures(ctx, a, app.System, r, app.ImportOptions{DryRun: *dry, Period: *period, Progress: p.Rows})
	printRowErrors(stderr, pos[1], rep.Errors)
	if err != nil {
		return err
	}
	p.Done(fmt.Sprintf("%d rows: created %d, updated %d, unchanged %d", len(rep.Actions),
		rep.Count(app.ImportCreate), rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged)))
	verb := importVerbs(rep.DryRun)
	printActions(stdout, verb, rep.Actions)
	fmt.Fprintf(stdout, "%s %d, %s %d, unchanged %d", verb[app.ImportCreate], rep.Count(app.ImportCreate),
		verb[app.ImportUpdate], rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged))
	if rep.DryRun {
		fmt.Fprint(stdout, " (dry run: nothing written)")
	}
	fmt.Fprintln(stdout)
	return nil
}

// exportMeasures writes the task decomposition table of all measures, or
// of one meeting's, to a new file.
func exportMeasures(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("export", stderr)
	out := fs.String("o", "", "the .xlsx file to write")
	meeting := fs.String("meeting", "", "only the measures drawn from this meeting (its id)")
	period := fs.String("period", "", "only the measures of this period")
	pos, err := parseAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "measures" || *out == "" {
		return usageError{exportUsage}
	}
	f := model.MeasureFilter{Period: *period}
	if *meeting != "" {
		id, err := strconv.ParseInt(*meeting, 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("--meeting %q is not a meeting id", *meeting)}
		}
		f.Meeting = id
	}
	a, done, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	rows, title, err := a.ExportRows(ctx, app.System, f)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return usageError{err.Error()} // --meeting names no meeting: bad input
	} else if err != nil {
		return err
	}
	// Write beside the target and rename, so a failed export leaves no
	// half-written file where the office expects its table.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".luoshi-export-*.xlsx")
	if err != nil {
		return usageError{err.Error()}
	}
	defer os.Remove(tmp.Name())
	err = xlsx.Export(tmp, title, xlsx.FromMeasureRows(rows))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d measures to %s (%s)\n", len(rows), *out, title)
	return nil
}

// printRowErrors writes every bad row of an import to stderr, each naming
// the file; a file-level problem is the command's error itself.
func printRowErrors(stderr io.Writer, file string, errs []xlsx.RowError) {
	for _, e := range errs {
		if e.Row > 0 {
			fmt.Fprintf(stderr, "%s: %s\n", file, e.Error())
		}
	}
}

// importVerbs says what an import did with a row, or would do in a dry run.
func importVerbs(dry bool) map[string]string {
	if dry {
		return map[string]string{app.ImportCreate: "would create", app.ImportUpdate: "would update", app.ImportUnchanged: "unchanged"}
	}
	return map[string]string{app.ImportCreate: "created", app.ImportUpdate: "updated", app.ImportUnchanged: "unchanged"}
}

// printActions writes one line per row an import handled.
func printActions(stdout io.Writer, verb map[string]string, actions []app.ImportAction) {
	for _, act := range actions {
		fmt.Fprintf(stdout, "row %d\t%s\t%s\t%s\n", act.Line, verb[act.Action], act.Code, act.Title)
	}
}
