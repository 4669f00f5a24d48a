package kb

import (
	"regexp"
	"strconv"
	"strings"
)

// Stacks [SearchOptions.Stack] accepts. Each decides which table decodes an
// error number found in a query.
const (
	StackAuto     = ""             // guess from the query, else try every table
	StackESPIDF   = "esp-idf"      // errno from newlib; lwIP err_t for negative numbers
	StackLwIP     = "lwip"         // errno from lwIP's own errno.h (LWIP_PROVIDE_ERRNO); err_t for negative numbers
	StackNewlib   = "newlib"       // lwIP on a toolchain whose C library is newlib
	StackFreeRTOS = "freertos-tcp" // negative -pdFREERTOS_ERRNO_* values
)

// Stacks lists the values of [SearchOptions.Stack] other than [StackAuto].
var Stacks = []string{StackESPIDF, StackLwIP, StackNewlib, StackFreeRTOS}

type errnoName struct {
	value int
	name  string
}

// An errnoTable is one numbering of error codes.
type errnoTable struct {
	name  string // shown to the user: which table decoded the number
	names []errnoName
}

var (
	tableNewlib   = errnoTable{"newlib sys/errno.h, the C library of ESP-IDF and arm-none-eabi toolchains", newlibErrno}
	tableLwIP     = errnoTable{"lwIP lwip/errno.h, used with LWIP_PROVIDE_ERRNO", lwipErrno}
	tableFreeRTOS = errnoTable{"FreeRTOS projdefs.h pdFREERTOS_ERRNO_*, returned negated by FreeRTOS+TCP", freertosErrno}
	tableErrT     = errnoTable{"lwIP err_t, lwip/err.h", lwipErrT}
)

// lwipErrT is lwIP's err_t enumeration (src/include/lwip/err.h, 2.1.3
// L55-L88; the same in 2.0.3 and 2.2.x).
var lwipErrT = []errnoName{
	{0, "ERR_OK"}, {-1, "ERR_MEM"}, {-2, "ERR_BUF"}, {-3, "ERR_TIMEOUT"}, {-4, "ERR_RTE"},
	{-5, "ERR_INPROGRESS"}, {-6, "ERR_VAL"}, {-7, "ERR_WOULDBLOCK"}, {-8, "ERR_USE"},
	{-9, "ERR_ALREADY"}, {-10, "ERR_ISCONN"}, {-11, "ERR_CONN"}, {-12, "ERR_IF"},
	{-13, "ERR_ABRT"}, {-14, "ERR_RST"}, {-15, "ERR_CLSD"}, {-16, "ERR_ARG"},
}

func (t errnoTable) lookup(v int) []string {
	var out []string
	for _, n := range t.names {
		if n.value == v {
			out = append(out, n.name)
		}
	}
	return out
}

// Decoded is an error number found in a query, with its names in one table.
type Decoded struct {
	// Text is the part of the query the number was read from.
	Text  string   `json:"text"`
	Value int      `json:"value"`
	Names []string `json:"names"`
	// Table names the numbering used.
	Table string `json:"table"`
}

var (
	// errnoContext matches a positive number that a log gives as an errno:
	// "errno 113", "errno: 104", "errno=128", "lwip_connect_r: 113"
	// (arduino-esp32's lwip_*_r wrappers), "err 104",
	// "OS Error 118", "error in recv : 104", "errno set to 128", "select
	// error 113".
	errnoContext = regexp.MustCompile(`(?i)\b(?:errno|err|error|\w+_r)(?:\s+(?:in|from)\s+\w+\s*:)?\s*[:=]?\s*(?:is\s+|set\s+to\s+)?(\d{1,3})\b`)
	// negativeCode matches a negative number: lwIP's err_t or
	// FreeRTOS+TCP's negated pdFREERTOS_ERRNO_*.
	negativeCode = regexp.MustCompile(`(?:^|[\s(=:,])(-\d{1,3})\b`)
)

// guessStack picks the stack a query comes from, or "" when nothing in it
// says.
func guessStack(q string) string {
	l := strings.ToLower(q)
	switch {
	case strings.Contains(l, "freertos_") || strings.Contains(l, "pdfreertos") || strings.Contains(l, "ipconfig") ||
		strings.Contains(l, "freertos+tcp") || strings.Contains(l, "freertos tcp") || strings.Contains(l, "freertos-plus-tcp"):
		return StackFreeRTOS
	case strings.Contains(l, "esp-idf") || strings.Contains(l, "esp32") || strings.Contains(l, "esp_") ||
		strings.Contains(l, "lwip_connect_r") || strings.Contains(l, "idf") || strings.Contains(l, "httpd_") || espLogLine.MatchString(q) ||
		arduinoLogLine.MatchString(q):
		return StackESPIDF
	}
	return ""
}

// espLogLine matches ESP-IDF's log prefix, "E (1234) tag: ";
// arduinoLogLine arduino-esp32's, "[E][WiFiClient.cpp:258] connect(): "
// or "[ 66272][E][WiFiClientImpl.h:347] ".
var (
	espLogLine     = regexp.MustCompile(`(?m)^[EWID] \(\d+\) [\w-]+:`)
	arduinoLogLine = regexp.MustCompile(`\[[EWIDV]\]\[[\w.]+\.(?:c|cpp|h):\d+\]`)
)

// decodeNumbers finds the error numbers in q and decodes them with the
// tables stack implies.
func decodeNumbers(q, stack string) []Decoded {
	if stack == StackAuto {
		stack = guessStack(q)
	}
	var errnoTables, negTables []errnoTable
	switch stack {
	case StackESPIDF, StackNewlib:
		errnoTables, negTables = []errnoTable{tableNewlib}, []errnoTable{tableErrT}
	case StackLwIP:
		errnoTables, negTables = []errnoTable{tableLwIP}, []errnoTable{tableErrT}
	case StackFreeRTOS:
		errnoTables, negTables = []errnoTable{tableFreeRTOS}, []errnoTable{tableFreeRTOS}
	default:
		errnoTables = []errnoTable{tableNewlib, tableLwIP}
		negTables = []errnoTable{tableErrT, tableFreeRTOS}
	}
	var out []Decoded
	seen := map[string]bool{}
	add := func(text string, v int, tables []errnoTable, negate bool) {
		for _, t := range tables {
			lv := v
			if negate && t.name == tableFreeRTOS.name {
				lv = -v
			}
			names := t.lookup(lv)
			if len(names) == 0 {
				continue
			}
			key := text + "|" + t.name
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Decoded{Text: text, Value: v, Names: names, Table: t.name})
		}
	}
	for _, m := range errnoContext.FindAllStringSubmatch(q, -1) {
		v, _ := strconv.Atoi(m[1])
		add(strings.TrimSpace(m[0]), v, errnoTables, false)
	}
	for _, m := range negativeCode.FindAllStringSubmatch(q, -1) {
		v, _ := strconv.Atoi(m[1])
		add(m[1], v, negTables, true)
	}
	return out
}
