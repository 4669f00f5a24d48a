package suggest

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"TCP_WND", "TCP_MSS", "TCP_SND_BUF", "LWIP_UDP", "LWIP_DHCP", "TCPIP_DEBUG", "TCP_SND_QUEUELEN",
		"ipconfigUSE_TCP", "ipconfigUSE_DHCP", "LWIP_TCP", "LWIP_DNS", "MEMP_NUM_TCP_PCB", "LWIP_IPV6"}
	for _, tc := range []struct{ name, want string }{
		{"TCP_WDN", "TCP_WND"},          // transposition: one edit
		{"TCP_SND_BUFF", "TCP_SND_BUF"}, // insertion
		{"TCP_SNDBUF", "TCP_SND_BUF"},   // a word boundary lost
		{"LWIP_DCHP", "LWIP_DHCP"},
		{"TPC_MSS", "TCP_MSS"},
		{"MEMP_NUM_TCP_PCBS", "MEMP_NUM_TCP_PCB"},
		{"LWIP_UPNP", ""},       // two edits in a four-letter word
		{"TAPIF_DEBUG", ""},     // two edits in TAPIF
		{"ipconfigUSE_FTP", ""}, // FTP is not TCP
		{"TCP_X", ""},
		{"LWIP_TCP", ""}, // a candidate itself
	} {
		if got := Closest(tc.name, names); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// levenshteinOSA is the textbook optimal string alignment recurrence over
// a full matrix, the oracle of Distance.
func levenshteinOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestDistance(t *testing.T) {
	words := []string{"", "A", "AB", "BA", "ABC", "CA", "TCP_WND", "TCP_WDN", "TCP_SND_BUF", "LWIP_UPNP", "LWIP_UDP", "ca", "abc", "acb"}
	for _, a := range words {
		for _, b := range words {
			if got, want := Distance(a, b), levenshteinOSA(a, b); got != want {
				t.Errorf("Distance(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("TCP_WND", "TCP_WDN")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 40 || len(b) > 40 {
			return
		}
		if got, want := Distance(a, b), levenshteinOSA(a, b); got != want {
			t.Fatalf("Distance(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}
