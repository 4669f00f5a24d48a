package kb

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/internal/testenv"
)

var errnoDefine = regexp.MustCompile(`(?m)^#define\s+(?:pdFREERTOS_ERRNO_)?(E[A-Z0-9]+)\s+(\d+)\b`)

// headerErrnos reads the "#define ENAME number" lines of a header.
func headerErrnos(t *testing.T, text, prefix string) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, g := range errnoDefine.FindAllStringSubmatch(text, -1) {
		v, _ := strconv.Atoi(g[2])
		m[prefix+g[1]] = v
	}
	if len(m) < 20 {
		t.Fatalf("read only %d errno values; wrong header?", len(m))
	}
	return m
}

// readHeader reads a system header through the bounded reader.
func readHeader(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return fileio.ReadAll(f, fi.Size(), 1<<20)
}

func checkTable(t *testing.T, what string, table []errnoName, want map[string]int) {
	t.Helper()
	have := map[string]int{}
	for _, n := range table {
		have[n.name] = n.value
	}
	for name, v := range want {
		if have[name] != v {
			t.Errorf("%s: %s is %d in the header, %d in the table", what, name, v, have[name])
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is in the table but not in the header", what, name)
		}
	}
}

// TestErrnoTablesMatchHeaders checks the three errno tables against the
// headers they were written from, where this machine has them: newlib's
// sys/errno.h from arm-none-eabi's newlib, lwIP's errno.h from Debian's
// liblwip-dev, and FreeRTOS's projdefs.h from a FreeRTOS-Kernel mirror.
func TestErrnoTablesMatchHeaders(t *testing.T) {
	t.Run("newlib", func(t *testing.T) {
		p := "/usr/lib/arm-none-eabi/include/sys/errno.h"
		data, err := readHeader(p)
		if err != nil {
			testenv.Require(t, false, "newlib's sys/errno.h (arm-none-eabi newlib)")
		}
		checkTable(t, "newlib", newlibErrno, headerErrnos(t, string(data), ""))
	})
	t.Run("lwip", func(t *testing.T) {
		testenv.Require(t, testenv.HaveDebianLwip(), "Debian's liblwip-dev")
		data, err := readHeader(filepath.Join(testenv.DebianLwip, "lwip", "errno.h"))
		if err != nil {
			t.Fatal(err)
		}
		checkTable(t, "lwIP", lwipErrno, headerErrnos(t, string(data), ""))
	})
	t.Run("freertos", func(t *testing.T) {
		dir := testenv.Mirror("FreeRTOS/FreeRTOS-Kernel")
		if dir == "" {
			t.Skip("no FreeRTOS/FreeRTOS-Kernel mirror (a local check)")
		}
		out, err := exec.Command("git", "--git-dir", dir, "show", "V11.1.0:include/projdefs.h").Output()
		if err != nil {
			t.Fatal(err)
		}
		checkTable(t, "FreeRTOS", freertosErrno, headerErrnos(t, string(out), "pdFREERTOS_ERRNO_"))
	})
}

func TestDecodeNumbers(t *testing.T) {
	tests := []struct {
		query, stack string
		want         []string // "value name table-prefix"
	}{
		{"lwip_connect_r: 113", StackAuto, []string{"113 ECONNABORTED newlib"}},
		{"E (123) sock: errno 128", StackAuto, []string{"128 ENOTCONN newlib"}},
		{"errno 113", StackLwIP, []string{"113 EHOSTUNREACH lwIP lwip/errno.h"}},
		{"errno 113", StackAuto, []string{"113 ECONNABORTED newlib", "113 EHOSTUNREACH lwIP lwip/errno.h"}},
		{"netconn_connect returned -14", StackLwIP, []string{"-14 ERR_RST lwIP err_t"}},
		{"FreeRTOS_connect() returned -116", StackAuto, []string{"-116 pdFREERTOS_ERRNO_ETIMEDOUT FreeRTOS"}},
		{"TCP_MSS 1460 and 2 sockets", StackAuto, nil},
		// An arduino-esp32 log line means newlib; "fd 54" is not an errno.
		{"[E][WiFiClient.cpp:258] connect(): socket error on fd 54, errno: 104", StackAuto, []string{"104 ECONNRESET newlib"}},
		{"httpd_txrx: httpd_sock_err: error in recv : 104", StackAuto, []string{"104 ECONNRESET newlib"}},
		{"OS Error 118 on sock.connect(addr)", StackESPIDF, []string{"118 EHOSTUNREACH newlib"}},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range decodeNumbers(tt.query, tt.stack) {
			for _, n := range d.Names {
				got = append(got, strconv.Itoa(d.Value)+" "+n+" "+d.Table)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("decodeNumbers(%q, %q) = %q, want %d decodings like %q", tt.query, tt.stack, got, len(tt.want), tt.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) {
				t.Errorf("decodeNumbers(%q, %q)[%d] = %q, want prefix %q", tt.query, tt.stack, i, got[i], tt.want[i])
			}
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"pbuf_free: p->ref > 0", "pbuf_free p ref 0#"},
		{"Assertion at tcp_in.c:734 failed", "assertion tcp_in.c 734# fail"},
		{"CONFIG_LWIP_MAX_SOCKETS is 10", "config_lwip_max_sockets lwip_max_sockets max_sockets 10#"},
		{"the sockets were closed", "socket clos"},
		{"-14 ERR_RST", "-14# err_rst"},
		{"窗口缩放", "窗口 口缩 缩放"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range tokenize(tt.in, true) {
			s := tk.text
			if tk.num {
				s += "#"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, g, tt.want)
		}
	}
}

// TestSearchThreshold checks that a query with nothing specific in it is
// not a match, and that one with a symptom phrase is.
func TestSearchThreshold(t *testing.T) {
	for _, q := range []string{"my wifi is slow", "it does not work", "1 2 3 to is", "113", "HardFault"} {
		if a := SearchWith(q, SearchOptions{}); a.Confident {
			t.Errorf("SearchWith(%q) is confident: first %s with %d", q, a.Results[0].Entry.ID, a.Results[0].Score)
		}
	}
	for q, want := range map[string]string{
		"tcp_slowtmr: max SYN retries reached": "embedded/lwip-tcp-connect-gives-up-after-18s",
		"TCP_WND is smaller than MSS":          "embedded/lwip-compile-time-sanity-checks",
	} {
		a := SearchWith(q, SearchOptions{})
		if !a.Confident || a.Results[0].Entry.ID != want {
			t.Errorf("SearchWith(%q): confident %v, first %v; want %s", q, a.Confident, a.Results, want)
		}
	}
}

func TestSearchLog(t *testing.T) {
	log := "I (100) wifi: connected\nsome noise line here\ntcp_slowtmr: max SYN retries reached\n"
	la, err := SearchLog(strings.NewReader(log), SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(la.Lines) != 1 || la.Lines[0].Line != 3 {
		t.Fatalf("SearchLog lines = %+v, want line 3 only", la.Lines)
	}
	if la.Results[0].Entry.ID != "embedded/lwip-tcp-connect-gives-up-after-18s" {
		t.Fatalf("SearchLog first = %s", la.Results[0].Entry.ID)
	}
}
