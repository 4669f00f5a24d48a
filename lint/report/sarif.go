package report

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/kb"
	"github.com/lwiplint/lwiplint/lwipopts"
)

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	toolName     = "lwiplint"
	toolURI      = "https://github.com/lwiplint/lwiplint"
	srcRoot      = "%SRCROOT%"
	// fingerprintKey names lwiplint's fingerprint in partialFingerprints.
	// GitHub uses only primaryLocationLineHash, and computes one from the
	// line's text when it is missing; lwiplint sets it to its own hash.
	fingerprintKey = "primaryLocationLineHash"
	// maxDescription is GitHub's limit for the descriptions of a rule.
	maxDescription = 1024
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	AutomationDetails  sarifAutomation                  `json:"automationDetails"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifMessage   `json:"shortDescription"`
	FullDescription      sarifMessage   `json:"fullDescription"`
	Help                 sarifHelp      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	LwipError *string  `json:"lwipError,omitempty"`
	KB        []string `json:"kb,omitempty"`
}

type sarifLocation struct {
	ID               int                    `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int           `json:"startLine"`
	StartColumn int           `json:"startColumn,omitempty"`
	EndLine     int           `json:"endLine,omitempty"`
	EndColumn   int           `json:"endColumn,omitempty"` // exclusive
	Snippet     *sarifMessage `json:"snippet,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifByteRegion `json:"deletedRegion"`
	InsertedContent sarifMessage    `json:"insertedContent"`
}

type sarifByteRegion struct {
	ByteOffset int `json:"byteOffset"`
	ByteLength int `json:"byteLength"`
}

// writeSARIF writes one SARIF 2.1.0 run for GitHub code scanning.
//
//   - tool.driver.rules has a descriptor per rule of Options.Rules, then
//     one per other rule ID of the findings: shortDescription is the
//     title, fullDescription the "What" of the documentation, help its
//     whole text (markdown with paragraphs on one line each, since GitHub
//     turns single newlines into line breaks), helpUri the first
//     knowledge-base entry, tags "lwip" and the family.
//   - Paths under Options.Root are relative URIs with uriBaseId %SRCROOT%,
//     declared in originalUriBaseIds; other files are absolute file: URIs.
//     Columns are UTF-16 code units (columnKind), as GitHub expects.
//   - A finding outside the root, such as at lwIP's built-in default
//     "<lwIP 2.1.3>/lwip/opt.h", is located at its first related position
//     under the root, usually line 1 of the configuration, and its own
//     position becomes a related location. With no such related position, a
//     built-in default is a logical location (kind "resource") and a real
//     file outside the root a file: URI.
//   - relatedLocations are linked from the message as "[text](id)", since
//     GitHub shows them only so.
//   - partialFingerprints.primaryLocationLineHash hashes the rule, the
//     file and the macro the finding's line defines (else the line without
//     white space, else the message with digits blanked), plus ":n" for
//     the n-th result with the same hash: moving a #define, or changing its
//     value, keeps the alert.
func writeSARIF(w *bufio.Writer, findings []lint.Finding, c *context) error {
	p, err := c.paths()
	if err != nil {
		return err
	}
	version := cmp.Or(c.opts.ToolVersion, buildVersion())
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: toolName, Version: version, SemanticVersion: semver(version),
			InformationURI: toolURI, Rules: []sarifRule{},
		}},
		AutomationDetails:  sarifAutomation{ID: cmp.Or(c.opts.AutomationID, toolName+"/")},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{srcRoot: {URI: fileURI(p.root, true)}},
		ColumnKind:         "utf16CodeUnits",
		Results:            []sarifResult{},
	}
	ruleIndex := map[string]int{}
	for _, r := range c.opts.Rules {
		if r == nil {
			continue
		}
		if _, dup := ruleIndex[r.ID]; !dup {
			ruleIndex[r.ID] = len(run.Tool.Driver.Rules)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, c.sarifRule(r))
		}
	}
	seen := map[string]int{}
	for _, f := range findings {
		i, ok := ruleIndex[f.Rule]
		if !ok {
			i = len(run.Tool.Driver.Rules)
			ruleIndex[f.Rule] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, c.sarifRule(&lint.Rule{
				ID: f.Rule, Name: f.Name, Title: fallbackTitle(f), Severity: f.Severity, Advice: f.KB,
			}))
		}
		run.Results = append(run.Results, c.sarifResult(f, i, p, seen))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func (c *context) sarifResult(f lint.Finding, ruleIndex int, p paths, seen map[string]int) sarifResult {
	pos, moved := anchor(f, p)
	res := sarifResult{
		RuleID: f.Rule, RuleIndex: ruleIndex, Level: sarifLevel(f.Severity),
		Locations: []sarifLocation{}, PartialFingerprints: map[string]string{},
	}
	if loc, ok := c.sarifLocation(pos, p); ok {
		res.Locations = append(res.Locations, loc)
	}
	msg := []string{escapeBrackets(f.Message)}
	related := f.Related
	if moved {
		related = append(related[:len(related):len(related)], lint.Related{
			Pos: f.Pos, Message: "reported at " + f.Pos.String() + ", outside the repository",
		})
	}
	for _, r := range related {
		loc, ok := c.sarifLocation(r.Pos, p)
		if !ok {
			msg = append(msg, escapeBrackets(r.Message))
			continue
		}
		loc.ID = len(res.RelatedLocations) + 1
		loc.Message = &sarifMessage{Text: r.Message}
		res.RelatedLocations = append(res.RelatedLocations, loc)
		msg = append(msg, "["+escapeBrackets(r.Message)+"]("+strconv.Itoa(loc.ID)+")")
	}
	if f.LwipError != nil {
		msg = append(msg, escapeBrackets("lwIP's #error: "+strconv.Quote(*f.LwipError)))
		res.Properties = &sarifResultProps{LwipError: f.LwipError}
	}
	if len(f.KB) > 0 {
		if res.Properties == nil {
			res.Properties = &sarifResultProps{}
		}
		res.Properties.KB = f.KB
	}
	res.Message.Text = strings.Join(msg, "\n")

	file := pos.File
	if rel, ok := p.rel(file); ok {
		file = rel
	}
	sum := sha256.Sum256([]byte(f.Rule + "\x00" + file + "\x00" + c.subject(f)))
	h := hex.EncodeToString(sum[:16])
	seen[h]++
	res.PartialFingerprints[fingerprintKey] = fmt.Sprintf("%s:%d", h, seen[h])

	if f.Fix != nil {
		if fix, ok := sarifFixOf(f.Fix, p); ok {
			res.Fixes = []sarifFix{fix}
		}
	}
	return res
}

var (
	defineRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*#\s*(?:define|undef)\s+([A-Za-z_][A-Za-z0-9_]*)`)
	})
	digitsRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[0-9]+`) })
	spaceRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
)

// subject returns what a finding is about, for its fingerprint: the macro
// its line defines, else the line without white space, else the message
// with its numbers (values, line numbers) blanked.
func (c *context) subject(f lint.Finding) string {
	if line, ok := c.line(f.Pos); ok {
		if m := defineRE().FindStringSubmatch(line); m != nil {
			return "macro:" + m[1]
		}
		if s := spaceRE().ReplaceAllString(line, ""); s != "" {
			return "line:" + s
		}
	}
	return "message:" + digitsRE().ReplaceAllString(f.Message, "#")
}

// sarifLocation returns the location of a position, false when it has no
// file.
func (c *context) sarifLocation(pos lwipopts.Position, p paths) (sarifLocation, bool) {
	var art sarifArtifactLocation
	if rel, ok := p.rel(pos.File); ok {
		art = sarifArtifactLocation{URI: relURI(rel), URIBaseID: srcRoot}
	} else if readable(pos.File) {
		art = sarifArtifactLocation{URI: fileURI(p.abs(pos.File), false)}
	} else if pos.File != "" {
		return sarifLocation{LogicalLocations: []sarifLogicalLocation{{
			Name: pos.File, FullyQualifiedName: pos.String(), Kind: "resource",
		}}}, true
	} else {
		return sarifLocation{}, false
	}
	loc := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: art, Region: c.sarifRegion(pos)}}
	return loc, true
}

// sarifRegion returns the region of a position: the identifier at the
// column (the macro name of a #define), else one character, else the whole
// line. An unknown line means the whole file, from line 1.
func (c *context) sarifRegion(pos lwipopts.Position) *sarifRegion {
	if pos.Line <= 0 {
		r := &sarifRegion{StartLine: 1}
		if n := c.lineCount(pos.File); n > 0 {
			r.EndLine = n
		}
		return r
	}
	r := &sarifRegion{StartLine: pos.Line, StartColumn: max(pos.Col, 0)}
	line, ok := c.line(pos)
	if !ok {
		return r
	}
	r.Snippet = &sarifMessage{Text: line}
	if pos.Col > 0 && pos.Col-1 <= len(line) {
		r.StartColumn = utf16Column(line, pos.Col)
		r.EndLine = pos.Line
		r.EndColumn = utf16Column(line, pos.Col+max(identLen(line[pos.Col-1:]), 1))
	}
	return r
}

// utf16Column converts a 1-based byte column of line into UTF-16 code
// units.
func utf16Column(line string, col int) int {
	if col-1 > len(line) {
		return col
	}
	n := 1
	for _, r := range line[:col-1] { // a bad byte counts as U+FFFD, one unit
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

func sarifFixOf(f *lint.Fix, p paths) (sarifFix, bool) {
	fix := sarifFix{Description: sarifMessage{Text: f.Message}, ArtifactChanges: []sarifArtifactChange{}}
	index := map[string]int{}
	for _, e := range f.Edits {
		rel, ok := p.rel(e.File)
		if !ok || e.Start < 0 || e.End < e.Start {
			return sarifFix{}, false
		}
		i, ok := index[rel]
		if !ok {
			i = len(fix.ArtifactChanges)
			index[rel] = i
			fix.ArtifactChanges = append(fix.ArtifactChanges, sarifArtifactChange{
				ArtifactLocation: sarifArtifactLocation{URI: relURI(rel), URIBaseID: srcRoot},
			})
		}
		fix.ArtifactChanges[i].Replacements = append(fix.ArtifactChanges[i].Replacements, sarifReplacement{
			DeletedRegion:   sarifByteRegion{ByteOffset: e.Start, ByteLength: e.End - e.Start},
			InsertedContent: sarifMessage{Text: e.NewText},
		})
	}
	return fix, len(fix.ArtifactChanges) > 0
}

func (c *context) sarifRule(r *lint.Rule) sarifRule {
	d := sarifRule{
		ID: r.ID, Name: r.Name,
		ShortDescription:     sarifMessage{Text: truncate(cmp.Or(r.Title, r.ID), maxDescription)},
		FullDescription:      sarifMessage{Text: truncate(cmp.Or(reflow(r.Documentation().What), r.Title, r.ID), maxDescription)},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties: sarifRuleProps{
			Tags:      []string{"lwip"},
			Precision: "very-high", ProblemSeverity: problemSeverity(r.Severity),
		},
	}
	if fam := r.Family(); fam != "" {
		d.Properties.Tags = append(d.Properties.Tags, fam)
	}
	var links []string
	for _, id := range r.Advice {
		if u := c.kbURL(id); u != "" {
			if d.HelpURI == "" {
				d.HelpURI = u
			}
			title := id
			if t, ok := kb.Title(id); ok && t != "" {
				title = oneLine(t)
			}
			links = append(links, title+"\t"+u)
		}
	}
	d.Help = helpOf(r, links)
	return d
}

// helpOf returns the rule's documentation as text and as Markdown; links
// are "title\turl".
func helpOf(r *lint.Rule, links []string) sarifHelp {
	doc := r.Documentation()
	var t, m strings.Builder
	para := func(label, s string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		if label != "" {
			fmt.Fprintf(&t, "%s: %s\n\n", label, s)
			fmt.Fprintf(&m, "**%s:** %s\n\n", label, reflow(s))
			return
		}
		fmt.Fprintf(&t, "%s\n\n", s)
		fmt.Fprintf(&m, "%s\n\n", reflow(s))
	}
	code := func(label, s string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		fmt.Fprintf(&t, "%s:\n    %s\n\n", label, strings.ReplaceAll(s, "\n", "\n    "))
		fmt.Fprintf(&m, "**%s:**\n\n```c\n%s\n```\n\n", label, s)
	}
	para("", cmp.Or(doc.What, r.Title))
	code("Bad", doc.Bad)
	code("Fixed", doc.Good)
	para("Why", doc.Why)
	para("When to ignore it", doc.Ignore)
	if len(links) > 0 {
		t.WriteString("More information:\n")
		m.WriteString("**More information:**\n\n")
		for _, l := range links {
			title, u, _ := strings.Cut(l, "\t")
			fmt.Fprintf(&t, "  - %s: %s\n", title, u)
			fmt.Fprintf(&m, "- [%s](%s)\n", escapeBrackets(title), u)
		}
		t.WriteString("\n")
		m.WriteString("\n")
	}
	fmt.Fprintf(&t, "Run \"lwiplint explain %s\" for this text in a terminal.", r.ID)
	fmt.Fprintf(&m, "Run `lwiplint explain %s` for this text in a terminal.", r.ID)
	return sarifHelp{Text: t.String(), Markdown: m.String()}
}

// reflow joins the lines of each Markdown paragraph, leaving code blocks,
// lists, tables and headings alone: GitHub renders a single newline in
// help.markdown as a line break.
func reflow(s string) string {
	var out []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, strings.Join(para, " "))
			para = nil
		}
	}
	fence := false
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			flush()
			fence = !fence
			out = append(out, line)
		case fence || structured(line):
			flush()
			out = append(out, line)
		case trimmed == "":
			flush()
			out = append(out, "")
		default:
			para = append(para, trimmed)
		}
	}
	flush()
	return strings.Join(out, "\n")
}

// structured reports whether a line of Markdown is a list item, a table
// row, a heading, a quote or indented code, which reflow keeps as it is.
// It is the regular expression ^\s*([-*+]|[0-9]+[.)])\s|^\s*[|#>]|^ {4}
// written out (TestStructured checks them against each other): with the
// expression, describing every rule took a quarter of a SARIF report.
func structured(line string) bool {
	if strings.HasPrefix(line, "    ") {
		return true
	}
	rest := strings.TrimLeft(line, spaceChars)
	if rest == "" {
		return false
	}
	switch rest[0] {
	case '|', '#', '>':
		return true
	case '-', '*', '+':
		return len(rest) > 1 && strings.IndexByte(spaceChars, rest[1]) >= 0
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(rest) && (rest[i] == '.' || rest[i] == ')') && strings.IndexByte(spaceChars, rest[i+1]) >= 0
}

// spaceChars are the characters of \s in Go's regular expressions.
const spaceChars = " \t\n\f\r"

// escapeBrackets escapes [ and ] so that SARIF viewers do not read them as
// embedded links.
func escapeBrackets(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(s)
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func problemSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "recommendation"
}

var semverRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^v?([0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)
})

// semver returns v without its "v" when it is a semantic version, else "".
func semver(v string) string {
	if m := semverRE().FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return ""
}

// modulePath is lwiplint's Go module.
const modulePath = "github.com/lwiplint/lwiplint"

// buildVersion returns the version of lwiplint's module in the build
// information of the running binary, without its "v", or "0.0.0-devel"
// when there is none (a checkout reports "(devel)"): SARIF validators want
// a numeric version.
func buildVersion() string {
	v := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath {
			v = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				v = d.Version
			}
		}
	}
	return cmp.Or(semver(v), "0.0.0-devel")
}

// fallbackTitle makes a title for a rule known only from a finding.
func fallbackTitle(f lint.Finding) string {
	if f.Name == "" {
		return f.Rule
	}
	t := strings.ReplaceAll(f.Name, "-", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

// truncate cuts s to at most n bytes, on a character boundary, ending
// with "…" when it cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
