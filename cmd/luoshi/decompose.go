package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/decompose"
	"github.com/luoshi-edu/luoshi/internal/speechfile"
)

func runDecompose(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, _ := newFlags("decompose", stderr)
	asJSON := fs.Bool("json", false, "print the drafts as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	var in []byte
	var err error
	switch fs.NArg() {
	case 0:
		in, err = io.ReadAll(stdin)
	case 1:
		in, err = os.ReadFile(fs.Arg(0))
		if err != nil {
			return usageError{err.Error()}
		}
		// A Word document is read for its text, and the drafts' offsets
		// refer to that text (printed with them as "source"); any other
		// file is decomposed byte for byte as it is.
		if speechfile.IsWord(in) {
			text, _, err := speechfile.Read(fs.Arg(0), in)
			if err != nil {
				return err
			}
			return printDrafts(stdout, decompose.Decompose(text, decompose.Options{}), text, *asJSON)
		}
	default:
		return usageError{"usage: luoshi decompose [--json] [FILE]"}
	}
	if err != nil {
		return err
	}
	return printDrafts(stdout, decompose.Decompose(string(in), decompose.Options{}), "", *asJSON)
}

// printDrafts prints the drafts as a table, or as JSON with the text they
// were found in when that is not the input itself (source).
func printDrafts(stdout io.Writer, res decompose.Result, source string, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if source != "" {
			return enc.Encode(struct {
				decompose.Result
				Source string `json:"source"`
			}{res, source})
		}
		return enc.Encode(res)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tparent\ttheme\towner\tdeadline\tbytes\ttext")
	for _, d := range res.Drafts {
		parent := ""
		if d.Parent != nil {
			parent = fmt.Sprint(*d.Parent)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d-%d\t%s\n", d.Seq, parent, d.Theme, orDash(shorten(d.Owner, 16)), orDash(shorten(d.Deadline, 16)), d.Start, d.End, shorten(d.Text, 60))
	}
	return tw.Flush()
}

// shorten cuts s to n characters for the table.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// orDash shows an empty cell as "-", so the columns stay readable.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
