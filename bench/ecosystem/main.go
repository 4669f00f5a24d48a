// Command ecosystem re-runs lwiplint on real configurations of public
// projects and compares its findings with committed verdicts, as Ruff's
// ecosystem check and mypy_primer do.
//
// The configurations are listed in manifest.tsv (repository, commit, path,
// stack, flags); their files are never committed. Each repository is read
// from a local git mirror in the directory named by $LWIPLINT_MIRRORS
// (owner+name/repo, owner+name/repo/.git or owner+name), checked out at the
// listed commit into a temporary directory with git archive, and linted
// there with lwiplint check --format json. Every finding is matched by its
// key (configuration, rule, file, line, subject) against verdicts.tsv,
// where each one is judged TP, FP or debatable with a one-line reason.
//
// It prints false errors (error-level findings judged FP), the FP share of
// all judged findings, whether every TP judged earlier is still reported,
// and the findings nobody judged yet. Load notes (LW9001) are counted apart.
//
//	LWIPLINT_MIRRORS=DIR go run ./bench/ecosystem [--lwiplint BIN] [--unjudged FILE]
//
// It exits 1 when there is a false error, a lost TP or an unjudged finding,
// 2 on a usage or setup error.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

const (
	exitOK    = 0
	exitDiff  = 1
	exitSetup = 2
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// config is one row of manifest.tsv.
type config struct {
	ID     string   // short unique name, used in verdict keys
	Repo   string   // owner/name on GitHub
	Commit string   // full commit hash
	Stack  string   // lwip, esp-idf or freertos-tcp
	Tree   []string // pathspecs to check out; nil for the whole tree
	Path   string   // the configuration, relative to the repository root
	Flags  []string // extra lwiplint flags; paths relative to the repository root
}

// finding is the part of lwiplint's JSON output the check compares.
type finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
}

// verdict is one row of verdicts.tsv.
type verdict struct {
	Key      string
	Severity string
	Verdict  string // TP, FP or debatable
	Reason   string
	Message  string
}

// result is what one configuration gave.
type result struct {
	cfg      config
	findings []finding
	exit     int
	err      error
	stderr   string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ecosystem", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("lwiplint", "", "lwiplint binary to run (default: built from this checkout)")
	dir := fs.String("dir", "", "directory holding manifest.tsv and verdicts.tsv (default: this program's directory)")
	unjudged := fs.String("unjudged", "", "write the unjudged findings to FILE as verdict rows to fill in")
	current := fs.String("current", "", "write every finding reported now to FILE as verdict rows, with its verdict (? when unjudged)")
	only := fs.String("only", "", "run only the configurations whose ID contains this string")
	notes := fs.Bool("notes", false, "print the load notes (LW9001) too")
	jobs := fs.Int("j", 2, "configurations linted at once")
	if err := fs.Parse(args); err != nil {
		return exitSetup
	}
	mirrors := os.Getenv("LWIPLINT_MIRRORS")
	if mirrors == "" {
		fmt.Fprintln(stderr, "ecosystem: set LWIPLINT_MIRRORS to the directory of local git mirrors (owner+name/)")
		return exitSetup
	}
	if *dir == "" {
		d, err := benchDir()
		if err != nil {
			fmt.Fprintln(stderr, "ecosystem:", err)
			return exitSetup
		}
		*dir = d
	}
	cfgs, err := readManifest(filepath.Join(*dir, "manifest.tsv"))
	if err != nil {
		fmt.Fprintln(stderr, "ecosystem:", err)
		return exitSetup
	}
	verdicts, err := readVerdicts(filepath.Join(*dir, "verdicts.tsv"))
	if err != nil {
		fmt.Fprintln(stderr, "ecosystem:", err)
		return exitSetup
	}
	work, err := os.MkdirTemp("", "lwiplint-ecosystem-")
	if err != nil {
		fmt.Fprintln(stderr, "ecosystem:", err)
		return exitSetup
	}
	defer os.RemoveAll(work)
	if *bin == "" {
		b, err := buildLwiplint(*dir, work)
		if err != nil {
			fmt.Fprintln(stderr, "ecosystem:", err)
			return exitSetup
		}
		*bin = b
	} else if abs, err := filepath.Abs(*bin); err == nil {
		*bin = abs
	}
	if *only != "" {
		var keep []config
		for _, c := range cfgs {
			if strings.Contains(c.ID, *only) {
				keep = append(keep, c)
			}
		}
		cfgs = keep
	}
	results := lintAll(cfgs, mirrors, work, *bin, *jobs)
	if *notes {
		for _, r := range results {
			for _, f := range r.findings {
				if isLoadNote(f) {
					fmt.Fprintf(stdout, "note: %s\t%s:%d\t%s\n", r.cfg.ID, f.File, f.Line, f.Message)
				}
			}
		}
	}
	return report(stdout, *unjudged, *current, *only != "", results, verdicts)
}

// benchDir finds bench/ecosystem from the working directory: the module
// root or the directory itself.
func benchDir() (string, error) {
	for _, d := range []string{".", filepath.Join("bench", "ecosystem")} {
		if _, err := os.Stat(filepath.Join(d, "manifest.tsv")); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", errors.New("no manifest.tsv here or in bench/ecosystem: run from the module root or pass --dir")
}

func buildLwiplint(dir, work string) (string, error) {
	out := filepath.Join(work, "lwiplint")
	cmd := exec.Command("go", "build", "-o", out, "./cmd/lwiplint")
	cmd.Dir = filepath.Join(dir, "..", "..")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build lwiplint: %w", err)
	}
	return out, nil
}

func readTSV(path string, fields int) ([][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != fields {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, i+1, len(f), fields)
		}
		rows = append(rows, f)
	}
	return rows, nil
}

func readManifest(path string) ([]config, error) {
	rows, err := readTSV(path, 7)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var cfgs []config
	for _, f := range rows {
		c := config{ID: f[0], Repo: f[1], Commit: f[2], Stack: f[3], Path: f[5]}
		if f[4] != "-" {
			c.Tree = strings.Split(f[4], ",")
		}
		if f[6] != "-" {
			c.Flags = strings.Fields(f[6])
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("%s: configuration %s listed twice", path, c.ID)
		}
		seen[c.ID] = true
		if len(c.Commit) != 40 {
			return nil, fmt.Errorf("%s: %s: commit %q is not a full hash", path, c.ID, c.Commit)
		}
		cfgs = append(cfgs, c)
	}
	return cfgs, nil
}

func readVerdicts(path string) (map[string]verdict, error) {
	rows, err := readTSV(path, 8)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return map[string]verdict{}, nil
		}
		return nil, err
	}
	vs := map[string]verdict{}
	for _, f := range rows {
		v := verdict{Key: strings.Join(f[:4], "\t"), Severity: f[4], Verdict: f[5], Reason: f[6], Message: f[7]}
		switch v.Verdict {
		case "TP", "FP", "debatable":
		default:
			return nil, fmt.Errorf("%s: %s: verdict %q is not TP, FP or debatable", path, v.Key, v.Verdict)
		}
		if _, dup := vs[v.Key]; dup {
			return nil, fmt.Errorf("%s: %s judged twice", path, v.Key)
		}
		vs[v.Key] = v
	}
	return vs, nil
}

// gitDir finds the mirror of repo.
func gitDir(mirrors, repo string) string {
	base := filepath.Join(mirrors, strings.ReplaceAll(repo, "/", "+"))
	for _, d := range []string{filepath.Join(base, "repo"), filepath.Join(base, "repo", ".git"), base} {
		if fi, err := os.Stat(filepath.Join(d, "HEAD")); err == nil && fi.Mode().IsRegular() {
			return d
		}
	}
	return ""
}

// maxBlob is the largest file checked out: configurations, headers and
// sources are far smaller, and a mirror may lack the large files anyway.
const maxBlob = 1 << 20

// binaryExt are extensions of files no configuration reads.
var binaryExt = map[string]bool{
	".a": true, ".lib": true, ".o": true, ".obj": true, ".elf": true, ".bin": true, ".hex": true,
	".pdf": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".bmp": true, ".ico": true,
	".zip": true, ".gz": true, ".7z": true, ".exe": true, ".dll": true, ".so": true, ".chm": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".wav": true, ".mp3": true, ".ttf": true,
}

// checkout writes the configuration's tree at its commit into dst. It reads
// the blobs one by one (git cat-file --batch) rather than with git archive,
// because a mirror may lack large files (binaries, PDFs) that no
// configuration reads: those are skipped, as are files over maxBlob,
// files with a binary extension, submodules and symbolic links.
func checkout(mirrors string, c config, dst string) error {
	g := gitDir(mirrors, c.Repo)
	if g == "" {
		return fmt.Errorf("no mirror of %s in $LWIPLINT_MIRRORS", c.Repo)
	}
	args := []string{"--git-dir=" + g, "ls-tree", "-r", "-l", "-z", "--full-tree", c.Commit}
	if c.Tree != nil {
		args = append(append(args, "--"), c.Tree...)
	}
	var lerr bytes.Buffer
	ls := exec.Command("git", args...)
	ls.Stderr = &lerr
	list, err := ls.Output()
	if err != nil {
		return fmt.Errorf("git ls-tree %s %s: %v: %s", c.Repo, c.Commit, err, strings.TrimSpace(lerr.String()))
	}
	var paths, hashes []string
	for _, ent := range strings.Split(string(list), "\x00") {
		meta, path, ok := strings.Cut(ent, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta) // mode type hash size
		if len(f) != 4 || f[1] != "blob" || f[0] == "120000" || binaryExt[strings.ToLower(filepath.Ext(path))] {
			continue
		}
		if size, err := strconv.Atoi(f[3]); err != nil || size > maxBlob {
			continue
		}
		paths = append(paths, path)
		hashes = append(hashes, f[2])
	}
	if len(paths) == 0 {
		return fmt.Errorf("%s %s: nothing to check out", c.Repo, c.Commit)
	}
	cat := exec.Command("git", "--git-dir="+g, "cat-file", "--batch")
	cat.Stdin = strings.NewReader(strings.Join(hashes, "\n") + "\n")
	out, err := cat.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cat.Start(); err != nil {
		return err
	}
	defer cat.Wait()
	br := bufio.NewReaderSize(out, 1<<16)
	for i, path := range paths {
		header, err := br.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file %s: %w", c.Repo, err)
		}
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			continue
		}
		var size int
		if len(f) != 3 || f[0] != hashes[i] {
			return fmt.Errorf("git cat-file %s: unexpected %q", c.Repo, header)
		}
		if _, err := fmt.Sscan(f[2], &size); err != nil {
			return fmt.Errorf("git cat-file %s: %q: %w", c.Repo, header, err)
		}
		data := make([]byte, size+1) // the content and its newline
		if _, err := io.ReadFull(br, data); err != nil {
			return fmt.Errorf("git cat-file %s: %w", c.Repo, err)
		}
		file := filepath.Join(dst, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, data[:size], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// tree is one checkout shared by the configurations of a repository that
// read the same commit and pathspecs.
type tree struct {
	once sync.Once
	dir  string
	err  error
}

func lintAll(cfgs []config, mirrors, work, bin string, jobs int) []result {
	trees := map[string]*tree{}
	for _, c := range cfgs {
		k := c.Repo + "@" + c.Commit + ":" + strings.Join(c.Tree, ",")
		if trees[k] == nil {
			trees[k] = &tree{dir: filepath.Join(work, fmt.Sprintf("t%d", len(trees)))}
		}
	}
	results := make([]result, len(cfgs))
	sem := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	for i, c := range cfgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t := trees[c.Repo+"@"+c.Commit+":"+strings.Join(c.Tree, ",")]
			t.once.Do(func() { t.err = checkout(mirrors, c, t.dir) })
			if t.err != nil {
				results[i] = result{cfg: c, err: t.err}
				return
			}
			results[i] = lintOne(c, t.dir, bin)
		}()
	}
	wg.Wait()
	return results
}

func lintOne(c config, dst, bin string) result {
	r := result{cfg: c}
	// --show-notes: the verdicts judge the environment notes (LW3009,
	// LW5102) as findings, and LW9001 is counted apart, as before they
	// left the command line's results (issue 19).
	args := append([]string{"check", "--format", "json", "--no-cache", "--exit-zero", "--show-notes"}, c.Flags...)
	args = append(args, c.Path)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dst
	cmd.Env = append(os.Environ(), "LWIPLINT_CACHE=0", "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errb
	err := cmd.Run()
	r.stderr = strings.TrimSpace(errb.String())
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.exit = ee.ExitCode()
	} else if err != nil {
		r.err = err
		return r
	}
	var doc struct {
		Findings []finding `json:"findings"`
	}
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			r.err = fmt.Errorf("decode lwiplint output: %w", err)
			return r
		}
	}
	r.findings = doc.Findings
	return r
}

var subjectRE = regexp.MustCompile(`\b(?:ipconfig[A-Za-z0-9_]+|config[A-Z][A-Za-z0-9_]*|[A-Z][A-Z0-9_]{2,})\b`)

// subject is the first option-like identifier of a message (an lwIP or
// sdkconfig name in capitals, an ipconfig or config name: the option it is
// about), which stays stable when a message is reworded; "-" if none.
func subject(msg string) string {
	if s := subjectRE.FindString(msg); s != "" {
		return s
	}
	return "-"
}

// key identifies a finding across runs: configuration, rule, file:line and
// subject, with a counter when several findings share them.
func keys(c config, fs []finding) []string {
	seen := map[string]int{}
	ks := make([]string, len(fs))
	for i, f := range fs {
		k := fmt.Sprintf("%s\t%s\t%s:%d\t%s", c.ID, f.Rule, filepath.ToSlash(f.File), f.Line, subject(f.Message))
		seen[k]++
		if n := seen[k]; n > 1 {
			k = fmt.Sprintf("%s#%d", k, n)
		}
		ks[i] = k
	}
	return ks
}

func isLoadNote(f finding) bool { return f.Rule == "LW9001" }

func report(w io.Writer, unjudgedPath, currentPath string, partial bool, results []result, verdicts map[string]verdict) int {
	var (
		nCfg, nFind, nNotes, nErrors, tp, fp, deb, falseErrors int
		failedLoads                                            []string
		unjudged                                               []string
		seen                                                   = map[string]bool{}
		projects                                               = map[string]bool{}
		stacks                                                 = map[string]int{}
		perRule                                                = map[string][3]int{}
		perStack                                               = map[string]*stackRow{}
		falseErrorLines                                        []string
		current                                                []string
	)
	for _, r := range results {
		nCfg++
		projects[r.cfg.Repo] = true
		stacks[r.cfg.Stack]++
		row := perStack[r.cfg.Stack]
		if row == nil {
			row = &stackRow{}
			perStack[r.cfg.Stack] = row
		}
		row.cfgs++
		if r.err != nil {
			failedLoads = append(failedLoads, fmt.Sprintf("%s: %v", r.cfg.ID, r.err))
			continue
		}
		if r.exit != 0 {
			failedLoads = append(failedLoads, fmt.Sprintf("%s: lwiplint exit %d: %s", r.cfg.ID, r.exit, firstLine(r.stderr)))
		}
		for i, k := range keys(r.cfg, r.findings) {
			f := r.findings[i]
			if isLoadNote(f) {
				nNotes++
				continue
			}
			nFind++
			row.findings++
			if f.Severity == "error" {
				nErrors++
				row.errors++
			}
			seen[k] = true
			v, ok := verdicts[k]
			if ok {
				current = append(current, fmt.Sprintf("%s\t%s\t%s\t%s\t%s", k, f.Severity, v.Verdict, v.Reason, strings.ReplaceAll(f.Message, "\t", " ")))
			} else {
				current = append(current, fmt.Sprintf("%s\t%s\t?\t?\t%s", k, f.Severity, strings.ReplaceAll(f.Message, "\t", " ")))
			}
			if !ok {
				unjudged = append(unjudged, fmt.Sprintf("%s\t%s\t?\t?\t%s", k, f.Severity, strings.ReplaceAll(f.Message, "\t", " ")))
				continue
			}
			c := perRule[f.Rule]
			switch v.Verdict {
			case "TP":
				tp++
				c[0]++
				row.tp++
			case "FP":
				fp++
				c[1]++
				row.fp++
				if f.Severity == "error" {
					falseErrors++
					row.falseErrors++
					falseErrorLines = append(falseErrorLines, k)
				}
			case "debatable":
				deb++
				c[2]++
				row.deb++
			}
			perRule[f.Rule] = c
		}
	}
	var lost []string
	tpJudged := 0
	ran := map[string]bool{}
	for _, r := range results {
		ran[r.cfg.ID] = true
	}
	for k, v := range verdicts {
		if v.Verdict != "TP" || !ran[strings.SplitN(k, "\t", 2)[0]] {
			continue
		}
		tpJudged++
		if !seen[k] {
			lost = append(lost, k+"\t"+v.Message)
		}
	}
	sort.Strings(lost)
	judged := tp + fp + deb

	fmt.Fprintf(w, "configurations: %d from %d projects (", nCfg, len(projects))
	var sk []string
	for s := range stacks {
		sk = append(sk, s)
	}
	sort.Strings(sk)
	for i, s := range sk {
		if i > 0 {
			fmt.Fprint(w, ", ")
		}
		fmt.Fprintf(w, "%s %d", s, stacks[s])
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintf(w, "findings: %d (%d errors), load notes apart: %d\n", nFind, nErrors, nNotes)
	fmt.Fprintf(w, "judged: %d  TP %d  FP %d  debatable %d\n", judged, tp, fp, deb)
	fmt.Fprintf(w, "false errors: %d\n", falseErrors)
	if judged > 0 {
		fmt.Fprintf(w, "FP share: %.1f %% (%d of %d judged findings)\n", 100*float64(fp)/float64(judged), fp, judged)
	}
	fmt.Fprintf(w, "TP kept: %d of %d\n", tpJudged-len(lost), tpJudged)
	fmt.Fprintf(w, "unjudged: %d\n", len(unjudged))
	if len(failedLoads) > 0 {
		fmt.Fprintf(w, "\nconfigurations that did not lint cleanly (%d):\n", len(failedLoads))
		for _, l := range failedLoads {
			fmt.Fprintln(w, "  "+l)
		}
	}
	fmt.Fprintln(w, "\n| Stack | Configurations | Findings | TP | FP | debatable | Errors | False errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range sk {
		r := perStack[s]
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %d |\n", s, r.cfgs, r.findings, r.tp, r.fp, r.deb, r.errors, r.falseErrors)
	}
	fmt.Fprintf(w, "| all | %d | %d | %d | %d | %d | %d | %d |\n", nCfg, nFind, tp, fp, deb, nErrors, falseErrors)
	if len(perRule) > 0 {
		fmt.Fprintln(w, "\nper rule (TP/FP/debatable):")
		var rs []string
		for r := range perRule {
			rs = append(rs, r)
		}
		sort.Strings(rs)
		for _, r := range rs {
			c := perRule[r]
			fmt.Fprintf(w, "  %s %d/%d/%d\n", r, c[0], c[1], c[2])
		}
	}
	for _, l := range falseErrorLines {
		fmt.Fprintln(w, "false error: "+l)
	}
	for _, l := range lost {
		fmt.Fprintln(w, "TP lost: "+l)
	}
	for _, l := range unjudged {
		fmt.Fprintln(w, "unjudged: "+l)
	}
	if unjudgedPath != "" && len(unjudged) > 0 {
		if err := os.WriteFile(unjudgedPath, []byte(strings.Join(unjudged, "\n")+"\n"), 0o644); err != nil {
			fmt.Fprintln(w, "ecosystem:", err)
			return exitSetup
		}
	}
	if currentPath != "" {
		if err := os.WriteFile(currentPath, []byte(strings.Join(current, "\n")+"\n"), 0o644); err != nil {
			fmt.Fprintln(w, "ecosystem:", err)
			return exitSetup
		}
	}
	if falseErrors > 0 || len(lost) > 0 || len(unjudged) > 0 || len(failedLoads) > 0 && !partial {
		return exitDiff
	}
	return exitOK
}

// stackRow counts one stack's configurations and findings.
type stackRow struct {
	cfgs, findings, tp, fp, deb, errors, falseErrors int
}

func firstLine(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	if sc.Scan() {
		return sc.Text()
	}
	return ""
}
