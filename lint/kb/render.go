package kb

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// labels holds the fixed words of the rendered output, by language.
var labels = map[string]map[string]string{
	"en": {
		"id": "ID", "category": "Category", "tags": "Tags",
		"fix_rate": "Fix rate", "confidence": "Confidence", "evidence": "Evidence", "first_seen": "First seen",
		"root_cause": "Root cause", "versions": "Version compatibility",
		"system": "System", "version": "Version", "status": "Status",
		"introduced": "Introduced", "deprecated": "Deprecated", "notes": "Notes",
		"symptoms": "Symptoms", "workarounds": "Workarounds", "dead_ends": "Dead ends",
		"why": "Why", "success": "success", "fail": "fail",
		"sources": "Sources", "docs": "Official documentation",
		"unverified": "unverified", "unverified_figures": "Unverified figures",
	},
	"zh": {
		"id": "ID", "category": "类别", "tags": "标签",
		"fix_rate": "修复率", "confidence": "置信度", "evidence": "证据数", "first_seen": "首次发现",
		"root_cause": "根本原因", "versions": "版本兼容性",
		"system": "系统", "version": "版本", "status": "状态",
		"introduced": "引入", "deprecated": "弃用", "notes": "说明",
		"symptoms": "症状", "workarounds": "解决办法", "dead_ends": "无效做法",
		"why": "原因", "success": "成功", "fail": "失败",
		"sources": "来源", "docs": "官方文档",
		"unverified": "未经验证", "unverified_figures": "未经验证的数字",
	},
}

func label(lang, key string) string {
	if l, ok := labels[lang]; ok {
		return l[key]
	}
	return labels["en"][key]
}

// Markdown renders the entry as a Markdown document in lang ("en" or "zh";
// anything else means English).
func (e *Entry) Markdown(lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", e.Title.In(lang))
	fmt.Fprintf(&b, "%s: `%s` · %s: %s", label(lang, "id"), e.ID, label(lang, "category"), e.Category)
	if len(e.Tags) > 0 {
		fmt.Fprintf(&b, " · %s: %s", label(lang, "tags"), strings.Join(e.Tags, ", "))
	}
	b.WriteString("\n")

	if e.hasMetrics() {
		fmt.Fprintf(&b, "\n| %s | %s | %s | %s |\n|---|---|---|---|\n| %s | %s | %s | %s |\n",
			label(lang, "fix_rate"), label(lang, "confidence"), label(lang, "evidence"), label(lang, "first_seen"),
			percent(e.FixRate), percent(e.Confidence), count(e.EvidenceCount), dash(e.FirstSeen))
		if n := e.unverifiedNote(lang); n != "" {
			fmt.Fprintf(&b, "\n> **%s:** %s\n", label(lang, "unverified_figures"), indent(n, "> "))
		}
	}

	fmt.Fprintf(&b, "\n## %s\n\n%s\n", label(lang, "root_cause"), strings.TrimSpace(e.RootCause.In(lang)))

	if len(e.Versions) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n",
			label(lang, "versions"), label(lang, "system"), label(lang, "version"), label(lang, "status"),
			label(lang, "introduced"), label(lang, "deprecated"), label(lang, "notes"))
		for _, v := range e.Versions {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(v.System), cell(v.Version), cell(v.Status),
				cell(dash(v.Introduced)), cell(dash(v.Deprecated)), cell(v.Notes.In(lang)))
		}
	}

	if len(e.Symptoms) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", label(lang, "symptoms"))
		for _, s := range e.Symptoms {
			fmt.Fprintf(&b, "- `%s`\n", s)
		}
	}

	if len(e.Workarounds) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", label(lang, "workarounds"))
		for i, w := range e.Workarounds {
			prefix := ""
			if w.SuccessRate != nil {
				prefix = fmt.Sprintf("**%d%% %s%s** — ", *w.SuccessRate, label(lang, "success"), e.rateMark(lang))
			}
			fmt.Fprintf(&b, "%d. %s%s\n", i+1, prefix, indent(strings.TrimSpace(w.Text.In(lang)), "   "))
			fmt.Fprintf(&b, "   %s: %s\n", label(lang, "sources"), strings.Join(w.Sources, ", "))
		}
	}

	if len(e.DeadEnds) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", label(lang, "dead_ends"))
		for i, d := range e.DeadEnds {
			suffix := ""
			if d.FailureRate != nil {
				suffix = fmt.Sprintf(" — **%d%% %s%s**", *d.FailureRate, label(lang, "fail"), e.rateMark(lang))
			}
			fmt.Fprintf(&b, "%d. %s%s\n", i+1, indent(strings.TrimSpace(d.Text.In(lang)), "   "), suffix)
			fmt.Fprintf(&b, "\n   *%s:* %s\n", label(lang, "why"), indent(strings.TrimSpace(d.Why.In(lang)), "   "))
			fmt.Fprintf(&b, "   %s: %s\n", label(lang, "sources"), strings.Join(d.Sources, ", "))
		}
	}

	if e.Docs != "" {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", label(lang, "docs"), e.Docs)
	}

	if len(e.Sources) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", label(lang, "sources"))
		for _, s := range e.Sources {
			fmt.Fprintf(&b, "- [%s](%s)\n", s.Title, s.URL)
		}
	}
	return b.String()
}

// Text renders the entry as plain text for a terminal, in lang ("en" or
// "zh"; anything else means English).
func (e *Entry) Text(lang string) string {
	var b strings.Builder
	title := e.Title.In(lang)
	fmt.Fprintf(&b, "%s\n%s\n", title, strings.Repeat("=", min(displayWidth(title), 78)))
	fmt.Fprintf(&b, "%s: %s\n%s: %s\n", label(lang, "id"), e.ID, label(lang, "category"), e.Category)
	if len(e.Tags) > 0 {
		fmt.Fprintf(&b, "%s: %s\n", label(lang, "tags"), strings.Join(e.Tags, ", "))
	}
	if e.hasMetrics() {
		fmt.Fprintf(&b, "%s: %s  %s: %s  %s: %s  %s: %s\n",
			label(lang, "fix_rate"), percent(e.FixRate), label(lang, "confidence"), percent(e.Confidence),
			label(lang, "evidence"), count(e.EvidenceCount), label(lang, "first_seen"), dash(e.FirstSeen))
		if n := e.unverifiedNote(lang); n != "" {
			fmt.Fprintf(&b, "%s: %s\n", label(lang, "unverified_figures"), indentBy(plain(n), "  "))
		}
	}

	section := func(name string) {
		fmt.Fprintf(&b, "\n%s\n%s\n", strings.ToUpper(name), strings.Repeat("-", min(displayWidth(name), 78)))
	}

	section(label(lang, "root_cause"))
	fmt.Fprintf(&b, "%s\n", indent2(plain(e.RootCause.In(lang))))

	if len(e.Versions) > 0 {
		section(label(lang, "versions"))
		for _, v := range e.Versions {
			fmt.Fprintf(&b, "  %s %s: %s", v.System, v.Version, v.Status)
			if v.Introduced != "" {
				fmt.Fprintf(&b, "; %s %s", label(lang, "introduced"), v.Introduced)
			}
			if v.Deprecated != "" {
				fmt.Fprintf(&b, "; %s %s", label(lang, "deprecated"), v.Deprecated)
			}
			b.WriteString("\n")
			if n := plain(v.Notes.In(lang)); n != "" {
				fmt.Fprintf(&b, "    %s\n", indentBy(n, "    "))
			}
		}
	}

	if len(e.Symptoms) > 0 {
		section(label(lang, "symptoms"))
		for _, s := range e.Symptoms {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}

	if len(e.Workarounds) > 0 {
		section(label(lang, "workarounds"))
		for i, w := range e.Workarounds {
			fmt.Fprintf(&b, "  %d. ", i+1)
			if w.SuccessRate != nil {
				fmt.Fprintf(&b, "[%d%% %s%s] ", *w.SuccessRate, label(lang, "success"), e.rateMark(lang))
			}
			fmt.Fprintf(&b, "%s\n", indentBy(plain(w.Text.In(lang)), "     "))
			fmt.Fprintf(&b, "     %s: %s\n", label(lang, "sources"), strings.Join(w.Sources, ", "))
		}
	}

	if len(e.DeadEnds) > 0 {
		section(label(lang, "dead_ends"))
		for i, d := range e.DeadEnds {
			fmt.Fprintf(&b, "  %d. ", i+1)
			if d.FailureRate != nil {
				fmt.Fprintf(&b, "[%d%% %s%s] ", *d.FailureRate, label(lang, "fail"), e.rateMark(lang))
			}
			fmt.Fprintf(&b, "%s\n", indentBy(plain(d.Text.In(lang)), "     "))
			fmt.Fprintf(&b, "     %s: %s\n", label(lang, "why"), indentBy(plain(d.Why.In(lang)), "     "))
			fmt.Fprintf(&b, "     %s: %s\n", label(lang, "sources"), strings.Join(d.Sources, ", "))
		}
	}

	if e.Docs != "" {
		section(label(lang, "docs"))
		fmt.Fprintf(&b, "  %s\n", e.Docs)
	}

	if len(e.Sources) > 0 {
		section(label(lang, "sources"))
		for _, s := range e.Sources {
			fmt.Fprintf(&b, "  - %s\n    %s\n", s.Title, s.URL)
		}
	}
	return b.String()
}

// unverifiedNote returns the entry's note on its unverified figures in lang,
// or "" when its figures have sources.
func (e *Entry) unverifiedNote(lang string) string {
	return strings.TrimSpace(e.UnverifiedFigures.In(lang))
}

// rateMark is appended to a success or failure rate: ", unverified" when
// the entry's figures are not backed by a source.
func (e *Entry) rateMark(lang string) string {
	if e.unverifiedNote(lang) == "" {
		return ""
	}
	if lang == "zh" {
		return "，" + label(lang, "unverified")
	}
	return ", " + label(lang, "unverified")
}

func (e *Entry) hasMetrics() bool {
	return e.FixRate != nil || e.Confidence != nil || e.EvidenceCount != nil
}

func percent(p *int) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%d%%", *p)
}

func count(p *int) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprint(*p)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// cell makes s fit in one Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// indent indents every line of s but the first by prefix.
func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// indentBy indents every line of s after the first by prefix, leaving blank
// lines empty.
func indentBy(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			lines[i] = prefix + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// indent2 indents every non-blank line of s by two spaces.
func indent2(s string) string {
	return "  " + indentBy(s, "  ")
}

var (
	mdLink   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`) })
	mdStrong = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\*\*([^*]+)\*\*`) })
)

// plain turns the Markdown used in entries into terminal text: links become
// "text <url>" and bold markers are dropped. Code spans keep their
// backquotes, which read well in a terminal.
func plain(s string) string {
	s = strings.TrimSpace(s)
	s = mdLink().ReplaceAllString(s, "$1 <$2>")
	s = mdStrong().ReplaceAllString(s, "$1")
	return s
}

// displayWidth approximates the terminal width of s: wide (CJK) runes count
// twice.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 ||
			r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 ||
			r >= 0xffe0 && r <= 0xffe6) {
			n += 2
		} else {
			n++
		}
	}
	return n
}
