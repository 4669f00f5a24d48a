package rules

import (
	"os"
	"strconv"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// Rules that link the knowledge base's entries on run-time symptoms
// (issue 21) to the configuration that shows their cause.

var lw2117 = &lint.Rule{
	ID: "LW2117", Name: "tcpip-inpkt-below-rx-pool",
	Title:    "Fewer tcpip input messages than received frames the pool and mailbox can hold",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "With NO_SYS 0, PBUF_POOL_SIZE is raised here above lwIP's default while MEMP_NUM_TCPIP_MSG_INPKT is left at lwIP's default, smaller than both the pool and TCPIP_MBOX_SIZE.",
		Bad:  "#define PBUF_POOL_SIZE 32\n#define TCPIP_MBOX_SIZE 32",
		Good: "#define PBUF_POOL_SIZE 32\n#define TCPIP_MBOX_SIZE 32\n#define MEMP_NUM_TCPIP_MSG_INPKT 32",
		Why: "tcpip_input() needs one MEMP_TCPIP_MSG_INPKT message per received frame until the tcpip thread takes it; without one, " +
			"tcpip_inpkt() returns ERR_MEM and the frame is dropped (lwIP 2.1.3 tcpip.c L248-L266). The pool and the mailbox could " +
			"queue more frames than there are messages, so a burst (a fragmented datagram, a discovery storm) loses frames with " +
			"buffers still free. A trade-off: each message costs RAM.",
		Ignore: "When bursts are not expected, or the driver does not use tcpip_input(). The rule stays silent with NO_SYS 1, " +
			"with LWIP_TCPIP_CORE_LOCKING_INPUT 1 (tcpip_inpkt() then calls the input function directly), with MEMP_MEM_MALLOC 1, " +
			"when TCPIP_MBOX_SIZE is 0 or unknown (the port decides the mailbox size), when MEMP_NUM_TCPIP_MSG_INPKT is set here (a " +
			"decision about RAM) and when PBUF_POOL_SIZE is lwIP's default (lwIP's own 8 messages for 16 buffers are not the user's mistake).",
	},
	Advice: []string{"embedded/lwip-rx-starved-inpkt-mbox"},
	Check:  checkInpktBelowRxPool,
}

func checkInpktBelowRxPool(p *lint.Pass) {
	v, ok := p.Ints("MEMP_NUM_TCPIP_MSG_INPKT", "PBUF_POOL_SIZE", "TCPIP_MBOX_SIZE", "NO_SYS", "LWIP_TCPIP_CORE_LOCKING_INPUT", "MEMP_MEM_MALLOC")
	if !ok || v[3] != 0 || v[4] != 0 || v[5] != 0 || v[2] <= 0 {
		return
	}
	inpkt, pool, mbox := v[0], v[1], v[2]
	if inpkt >= pool || inpkt >= mbox {
		return
	}
	// The case of the entry: the pool was raised here, the messages were
	// left at lwIP's default. A MEMP_NUM_TCPIP_MSG_INPKT chosen here is a
	// decision about RAM; lwIP's own defaults (8 messages, 16 buffers)
	// are not the user's mistake.
	if chosen(p, "MEMP_NUM_TCPIP_MSG_INPKT") || p.UserSet("MEMP_NUM_TCPIP_MSG_INPKT") || !chosen(p, "PBUF_POOL_SIZE") {
		return
	}
	p.Reportf([]string{"MEMP_NUM_TCPIP_MSG_INPKT", "PBUF_POOL_SIZE", "TCPIP_MBOX_SIZE"},
		"%s is below %s and %s: at most %d received frames can wait for the tcpip thread, frame %d of a burst is dropped with ERR_MEM while pool buffers are free",
		p.Describe("MEMP_NUM_TCPIP_MSG_INPKT"), p.Describe("PBUF_POOL_SIZE"), p.Describe("TCPIP_MBOX_SIZE"), inpkt, inpkt+1)
}

// newlibFDSetSize is newlib's default FD_SETSIZE (sys/select.h, newlib
// 3.3.0 L31 as Debian's libnewlib-dev ships it), which ESP-IDF uses unless
// the project defines FD_SETSIZE itself (Kconfig help of
// LWIP_MAX_SOCKETS, v5.5.5 L139-L141).
const newlibFDSetSize = 64

// espOffsetAssert reports whether ESP-IDF version v has
// _Static_assert(LWIP_SOCKET_OFFSET >= 6, ...) in
// components/lwip/port/esp32xx/vfs_lwip.c (v5.5.5 L26): v5.1.7, v5.2.6,
// v5.3.4, v5.4.2 and v5.5 on, read from the esp-idf tags.
func espOffsetAssert(v [3]int) bool {
	if v[0] != 5 {
		return v[0] > 5
	}
	switch v[1] {
	case 0:
		return false
	case 1:
		return v[2] >= 7
	case 2:
		return v[2] >= 6
	case 3:
		return v[2] >= 4
	case 4:
		return v[2] >= 2
	}
	return true
}

func parseIDFVersion(s string) ([3]int, bool) {
	var v [3]int
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return v, false
	}
	for i, f := range parts {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

var lw3010 = &lint.Rule{
	ID: "LW3010", Name: "max-sockets-above-fd-setsize",
	Title:    "CONFIG_LWIP_MAX_SOCKETS leaves too few file descriptors below FD_SETSIZE",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "CONFIG_LWIP_MAX_SOCKETS is above FD_SETSIZE (64 in newlib) minus the 6 descriptors ESP-IDF keeps below the sockets, or above FD_SETSIZE itself.",
		Bad:  "CONFIG_LWIP_MAX_SOCKETS=60",
		Good: "CONFIG_LWIP_MAX_SOCKETS=32",
		Why: "ESP-IDF numbers sockets from LWIP_SOCKET_OFFSET = FD_SETSIZE - CONFIG_LWIP_MAX_SOCKETS (port lwipopts.h v5.5.5 L986). " +
			"vfs_lwip.c stops the build with _Static_assert(LWIP_SOCKET_OFFSET >= 6, \"Not enough room for esp_vfs_console " +
			"(LWIP_SOCKET_OFFSET < 6)\") from v5.1.7, v5.2.6, v5.3.4, v5.4.2 and v5.5, and with \"MAX_FDS < CONFIG_LWIP_MAX_SOCKETS\" " +
			"above FD_SETSIZE in every 5.x (vfs_lwip.c v5.5.5 L24-L26). Kconfig accepts up to 253 from v5.2.4, so the value passes " +
			"menuconfig and the build fails later.",
		Ignore: "When the project defines a larger FD_SETSIZE for every component (as the option's Kconfig help says to do " +
			"above 61): lwiplint does not see CMake definitions. The rule stays silent with CONFIG_VFS_SUPPORT_IO off " +
			"(vfs_lwip.c is then not built) and when the ESP-IDF release is unknown.",
	},
	Advice: []string{"embedded/esp-idf-socket-limits"},
	Check:  checkMaxSocketsFDSetSize,
}

func checkMaxSocketsFDSetSize(p *lint.Pass) {
	if p.Config.ESPIDF == nil || p.Config.ESPIDF.Translation == nil {
		return
	}
	tr := p.Config.ESPIDF.Translation
	s := tr.Symbols["LWIP_MAX_SOCKETS"]
	if s == nil || !s.Known || s.Origin.Kind != espidf.OriginSdkconfig {
		return // unknown, or ESP-IDF's default (10)
	}
	n, err := strconv.Atoi(s.Value)
	if err != nil {
		return
	}
	if tr.Detected == "" {
		return // the release was assumed (LW3009): the checks differ by patch release
	}
	ver := "v" + strings.TrimPrefix(tr.Detected, "v")
	v, ok := parseIDFVersion(ver)
	if !ok || vfsIODisabled(tr.Files) {
		return
	}
	pos := lwipopts.Position{File: s.Origin.Pos.File, Line: s.Origin.Pos.Line}
	if pos.Line > 0 {
		pos.Col = 1
	}
	switch {
	case n > newlibFDSetSize:
		p.Report(lint.Finding{Pos: pos, Message: "CONFIG_LWIP_MAX_SOCKETS=" + s.Value + " is above FD_SETSIZE " +
			strconv.Itoa(newlibFDSetSize) + " (newlib's default): ESP-IDF " + ver + "'s vfs_lwip.c stops the build with \"MAX_FDS < CONFIG_LWIP_MAX_SOCKETS\" unless the project raises FD_SETSIZE"})
	case espOffsetAssert(v) && newlibFDSetSize-n < 6:
		p.Report(lint.Finding{Pos: pos, Message: "CONFIG_LWIP_MAX_SOCKETS=" + s.Value + " makes LWIP_SOCKET_OFFSET = FD_SETSIZE - " + s.Value + " = " +
			strconv.Itoa(newlibFDSetSize-n) + " with newlib's FD_SETSIZE " + strconv.Itoa(newlibFDSetSize) + ": ESP-IDF " + ver +
			"'s vfs_lwip.c stops the build with \"Not enough room for esp_vfs_console (LWIP_SOCKET_OFFSET < 6)\" unless the project raises FD_SETSIZE; at most " +
			strconv.Itoa(newlibFDSetSize-6) + " fit"})
	}
}

// vfsIODisabled reports whether the last of the sdkconfig files that sets
// CONFIG_VFS_SUPPORT_IO turns it off (the symbol is outside the lwIP table
// package espidf computes).
func vfsIODisabled(files []string) bool {
	off := false
	for _, f := range files {
		fd, err := os.Open(f)
		if err != nil {
			continue
		}
		data, err := fileio.ReadAll(fd, -1, 4<<20)
		fd.Close()
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			switch line {
			case "# CONFIG_VFS_SUPPORT_IO is not set", "CONFIG_VFS_SUPPORT_IO=n":
				off = true
			case "CONFIG_VFS_SUPPORT_IO=y":
				off = false
			}
		}
	}
	return off
}
