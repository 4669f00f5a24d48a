package kb

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

var (
	camelWord = regexp.MustCompile(`\b[a-z]+(?:[A-Z][a-z]+)+\b`)
	camelPart = regexp.MustCompile(`[A-Z]?[a-z]+`)
)

// A token is one searchable unit of text: an identifier (pbuf_free,
// CONFIG_LWIP_MAX_SOCKETS, tcp_in.c), a word (stemmed), a number, or a pair
// of Han characters.
type token struct {
	text string
	// num is set for numbers: they only count inside error-number decoding
	// and exact symptom phrases, never as words on their own.
	num bool
}

// tokenize splits lower-cased text into tokens. Identifiers keep their
// underscores and a file extension ("tcp_in.c"), so "tcp_in.c:734" gives
// "tcp_in.c" and the line number 734 (a number). Words are stemmed; stop
// words are dropped when dropStop is set. A CONFIG_ prefix is also indexed
// without it, so CONFIG_LWIP_MAX_SOCKETS finds LWIP_MAX_SOCKETS.
func tokenize(s string, dropStop bool) []token {
	var out []token
	// camelCase words also give their parts: tcpConnect → tcp, connect.
	for _, m := range camelWord.FindAllString(s, -1) {
		for _, part := range camelPart.FindAllString(m, -1) {
			out = appendWord(out, strings.ToLower(part), dropStop)
		}
	}
	s = strings.ToLower(s)
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.Is(unicode.Han, r):
			j := i
			for j < len(rs) && unicode.Is(unicode.Han, rs[j]) {
				j++
			}
			run := rs[i:j]
			if len(run) == 1 {
				out = append(out, token{text: string(run)})
			}
			for k := 0; k+1 < len(run); k++ {
				out = append(out, token{text: string(run[k : k+2])})
			}
			i = j
		case unicode.IsDigit(r) || (r == '-' && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && (i == 0 || !isWordRune(rs[i-1]))):
			j := i + 1
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == 'x' || (rs[j] >= 'a' && rs[j] <= 'f' && j > i+1 && rs[i+1] == 'x')) {
				j++
			}
			if j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '_') {
				// "2s", "16k", "802_3": a word that starts with digits.
				for j < len(rs) && isWordRune(rs[j]) {
					j++
				}
				out = appendWord(out, string(rs[i:j]), dropStop)
			} else {
				out = append(out, token{text: string(rs[i:j]), num: true})
			}
			i = j
		case isWordRune(r):
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			// A file name: identifier '.' extension of 1-3 letters.
			if j+1 < len(rs) && rs[j] == '.' && unicode.IsLetter(rs[j+1]) {
				k := j + 1
				for k < len(rs) && unicode.IsLetter(rs[k]) {
					k++
				}
				if k-j-1 <= 3 && (k == len(rs) || !isWordRune(rs[k])) && strings.ContainsAny(string(rs[i:j]), "_") {
					out = append(out, token{text: string(rs[i:k])})
					i = k
					continue
				}
			}
			out = appendWord(out, string(rs[i:j]), dropStop)
			// "keep-alive" is also "keepalive", "time-wait" "timewait".
			if j+1 < len(rs) && rs[j] == '-' && unicode.IsLetter(rs[j+1]) {
				k := j + 1
				for k < len(rs) && isWordRune(rs[k]) {
					k++
				}
				out = append(out, token{text: stem(string(rs[i:j]) + string(rs[j+1:k]))})
			}
			i = j
		default:
			i++
		}
	}
	return out
}

func appendWord(out []token, w string, dropStop bool) []token {
	if dropStop && stopWords()[w] {
		return out
	}
	if strings.Contains(w, "_") {
		out = append(out, token{text: w})
		// ESP-IDF's CONFIG_LWIP_X sets lwIP's X or LWIP_X.
		if rest, ok := strings.CutPrefix(w, "config_"); ok && rest != "" {
			out = append(out, token{text: rest})
			if r2, ok := strings.CutPrefix(rest, "lwip_"); ok && strings.Contains(r2, "_") {
				out = append(out, token{text: r2})
			}
		}
		return out
	}
	return append(out, token{text: stem(w)})
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// stem strips common English inflections from a plain word, so that
// "sockets", "resets", "allocated" and "closing" meet "socket", "reset",
// "allocate" and "close". It leaves identifiers alone.
func stem(w string) string {
	if len(w) <= 3 || strings.ContainsAny(w, "0123456789") {
		return w
	}
	for _, suf := range []struct{ s, repl string }{
		{"ies", "y"}, {"sses", "ss"}, {"ing", ""}, {"ed", ""}, {"es", ""}, {"s", ""}, {"ly", ""},
	} {
		if strings.HasSuffix(w, suf.s) && len(w)-len(suf.s) >= 3 {
			base := strings.TrimSuffix(w, suf.s) + suf.repl
			if suf.s == "s" && strings.HasSuffix(w, "ss") {
				return w
			}
			// "closing" → "clos", "closed" → "clos", "close" → "clos".
			return strings.TrimSuffix(base, "e")
		}
	}
	return strings.TrimSuffix(w, "e")
}

// weakWords name the platform rather than a cause: nearly every query
// and entry mentions them, so they count for little.
var weakWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`lwip tcp ip esp32 esp esp8266 idf esp-idf freertos rtos stm32 arduino
		error fail failed failure problem crash issue bug network ethernet wifi wlan server client device
		data packet message`) {
		m[stem(w)] = true
	}
	return m
})

// stopWords are words that say nothing about a cause. Error vocabulary
// ("fail", "error", "timeout") is not among them: inverse document
// frequency already makes it cheap.
var stopWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then else of to in on at by for from with without
		into onto over under about after before during while when where which who whom whose what why how
		is are was were be been being am do does did done doing have has had having can could would should
		will shall may might must not no nor so too very just only also still even again ever never
		i me my we our you your he she it its they them their this that these those there here
		some any all each every both few more most other such same than as up down out off
		get got gets getting use used using make made work works working try tried trying seem seems
		issue problem help please thanks thank hi hello anyone someone something anything
		one two three first second`) {
		m[w] = true
	}
	return m
})
