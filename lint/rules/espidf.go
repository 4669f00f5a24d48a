package rules

import (
	"slices"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// The LW3xxx rules report what package espidf found while reading an ESP-IDF
// project's sdkconfig files and translating them into ESP-IDF's lwipopts.h:
// Kconfig's silent dead ends (out-of-range values, unmet dependencies),
// unknown and renamed names, and the platform facts that change lwIP's
// behaviour. The lwIP rules (LW1, LW2, LW4) run on the translated values.

const adviceKconfig = "embedded/lwip-esp-idf-kconfig-dead-ends"

func espRule(id, name, title string, sev lint.Severity, doc lint.Doc, codes ...string) *lint.Rule {
	return &lint.Rule{
		ID: id, Name: name, Title: title, Severity: sev, Since: "0.1.0", Doc: doc,
		Advice: []string{adviceKconfig},
		Check: func(p *lint.Pass) {
			if p.Config.ESPIDF == nil {
				return
			}
			for _, d := range p.Config.ESPIDF.Translation.Diags {
				if !slices.Contains(codes, d.Code) {
					continue
				}
				pos := lwipopts.Position{File: d.Pos.File, Line: d.Pos.Line}
				if pos.File == "" {
					pos = lwipopts.Position{File: p.Config.File, Line: 1} // about the whole configuration
				}
				if pos.Line > 0 {
					pos.Col = 1
				}
				p.Report(lint.Finding{Pos: pos, Message: d.Message})
			}
		},
	}
}

var lw3001 = espRule("LW3001", "kconfig-value-out-of-range",
	"An sdkconfig value outside its Kconfig range is ignored and the default used", lint.Warning, lint.Doc{
		What:   "A CONFIG_LWIP_* value lies outside the `range` of its Kconfig symbol. kconfgen does not stop the build: it prints a note, ignores the value and uses the symbol's default.",
		Bad:    "CONFIG_LWIP_MAX_SOCKETS=99",
		Good:   "CONFIG_LWIP_MAX_SOCKETS=16",
		Why:    "The firmware runs with the default, not with the value in the file; the difference only shows at run time (esp-idf-kconfig kconfgen, ESP-IDF components/lwip/Kconfig ranges).",
		Ignore: "Never: the line has no effect.",
	}, espidf.CodeOutOfRange)

var lw3002 = espRule("LW3002", "kconfig-depends-not-met",
	"An sdkconfig option has no effect because its Kconfig dependencies are not met", lint.Warning, lint.Doc{
		What:   "A CONFIG_LWIP_* option whose `depends on` is false (or that has no prompt) is set; Kconfig drops it.",
		Bad:    "# CONFIG_LWIP_IPV6 is not set\nCONFIG_LWIP_IPV6_AUTOCONFIG=y",
		Good:   "CONFIG_LWIP_IPV6=y\nCONFIG_LWIP_IPV6_AUTOCONFIG=y",
		Why:    "The line looks like configuration but changes nothing (ESP-IDF components/lwip/Kconfig `depends on`).",
		Ignore: "When the line is kept for another target or build variant on purpose. Not reported when the value is the symbol's own default (dropping it changes nothing), nor for an sdkconfig whose header line has no version (ESP-IDF 4.4 or older: the older release's Kconfig may differ).",
	}, espidf.CodeNoEffect)

var lw3003 = espRule("LW3003", "sdkconfig-duplicate",
	"An sdkconfig symbol is assigned more than once", lint.Warning, lint.Doc{
		What:   "The same CONFIG_ symbol appears twice in one sdkconfig file; kconfgen uses the later line.",
		Bad:    "CONFIG_LWIP_TCP_MSS=1440\nCONFIG_LWIP_TCP_MSS=536",
		Good:   "CONFIG_LWIP_TCP_MSS=1440",
		Why:    "Readers of the file see the first value; the build uses the last.",
		Ignore: "Never: delete the line that does not apply. A later line with the same value is not reported: it changes nothing.",
	}, espidf.CodeDuplicate)

var lw3004 = espRule("LW3004", "sdkconfig-renamed-option",
	"An sdkconfig line uses a deprecated name", lint.Info, lint.Doc{
		What:   "A CONFIG_ name ESP-IDF renamed (sdkconfig.rename). kconfgen maps it to the new name in sdkconfig.defaults, and ignores old names inside the deprecated block of a generated sdkconfig.",
		Bad:    "CONFIG_TCP_MSS=1440",
		Good:   "CONFIG_LWIP_TCP_MSS=1440",
		Why:    "Old names disappear in later ESP-IDF releases; the new name keeps working.",
		Ignore: "When the file must also build with an older ESP-IDF. Not reported for an sdkconfig whose header line has no version (4.4 or older, where the old name may be the option itself).",
	}, espidf.CodeRenamed, espidf.CodeDeprecated)

var lw3005 = espRule("LW3005", "sdkconfig-unknown-lwip-option",
	"An sdkconfig line names a CONFIG_LWIP_ symbol the Kconfig does not define", lint.Warning, lint.Doc{
		What:   "A CONFIG_LWIP_* name that ESP-IDF's components/lwip/Kconfig of the detected release does not have (a typo or a name from another release).",
		Bad:    "CONFIG_LWIP_TCP_SYN_MAXRTX=6",
		Good:   "CONFIG_LWIP_TCP_SYNMAXRTX=6",
		Why:    "kconfgen ignores unknown symbols (with at most a warning), so the setting never reaches lwIP.",
		Ignore: "When the file is shared with a release that has the symbol. Not reported for an sdkconfig whose header line has no version (4.4 or older, whose Kconfig may have the name).",
	}, espidf.CodeUnknown)

var lw3006 = espRule("LW3006", "sdkconfig-malformed",
	"An sdkconfig line is malformed or its value invalid for the symbol's type", lint.Warning, lint.Doc{
		What:   "A line kconfgen skips: bad syntax, a value of the wrong type (text for an int, an unquoted string), several options of one choice, or a file that is not readable text.",
		Bad:    "CONFIG_LWIP_TCP_MSS=fourteen-forty",
		Good:   "CONFIG_LWIP_TCP_MSS=1440",
		Why:    "The symbol keeps its default and nothing says so at build time.",
		Ignore: "Never.",
	}, espidf.CodeSyntax, espidf.CodeInvalidValue, espidf.CodeChoice, espidf.CodeFile)

var lw3007 = espRule("LW3007", "freertos-tick-inexact",
	"CONFIG_FREERTOS_HZ does not divide 1000: lwIP's clock and timeouts run slow", lint.Warning, lint.Doc{
		What:   "ESP-IDF's sys_now() counts ticks × portTICK_PERIOD_MS, and portTICK_PERIOD_MS is 1000 / configTICK_RATE_HZ in integer arithmetic.",
		Bad:    "CONFIG_FREERTOS_HZ=300",
		Good:   "CONFIG_FREERTOS_HZ=1000",
		Why:    "With 300 Hz a tick counts as 3 ms instead of 3.33 ms, so every lwIP timeout (retransmission, TIME_WAIT, DHCP) takes about 11 % longer (ESP-IDF components/freertos portmacro.h portTICK_PERIOD_MS, components/lwip/port/freertos/sys_arch.c sys_now).",
		Ignore: "When exact lwIP timing does not matter.",
	}, espidf.CodeTick)

var lw3008 = espRule("LW3008", "esp-idf-lwipopts-error",
	"ESP-IDF's lwipopts.h stops the build with an #error for these values", lint.Error, lint.Doc{
		What:   "A Kconfig-legal combination of values that ESP-IDF's own components/lwip/port/include/lwipopts.h rejects with #error.",
		Bad:    "# CONFIG_LWIP_IPV4 is not set\n# CONFIG_LWIP_IPV6 is not set",
		Good:   "CONFIG_LWIP_IPV4=y",
		Why:    "The build fails in the lwIP component; lwiplint says which values lead there before the build does.",
		Ignore: "Never.",
	}, espidf.CodeLwipopts)

var lw3009 = espRule("LW3009", "esp-idf-assumption",
	"The ESP-IDF release or a symbol value had to be assumed", lint.Info, lint.Doc{
		What:   "The ESP-IDF release was not found in the project (or has no table), or a symbol outside the lwIP component could not be computed and was taken as not set.",
		Bad:    "sdkconfig without the \"# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration\" header",
		Good:   "an sdkconfig written by idf.py, or IDF_PATH set",
		Why:    "Ranges, defaults and ESP-IDF's lwipopts.h differ between releases; findings are only as exact as the release chosen.",
		Ignore: "When the release named in the finding is the one you build with.",
	}, espidf.CodeVersion, espidf.CodeAssumed)
