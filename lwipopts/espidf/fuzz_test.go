package espidf

import (
	"bytes"
	"testing"
)

// FuzzTranslate parses arbitrary bytes as each kind of file and
// translates them; nothing may panic and every diagnostic must point
// into the file. The corpus is in testdata/fuzz/FuzzTranslate.
func FuzzTranslate(f *testing.F) {
	f.Add([]byte("CONFIG_LWIP_TCP_MSS=1440\n# CONFIG_LWIP_IPV6 is not set\n"), uint8(0))
	f.Add([]byte("#define CONFIG_LWIP_TCP_MSS 1440\n#define CONFIG_TCP_MSS CONFIG_LWIP_TCP_MSS\n"), uint8(2))
	f.Add([]byte("  CONFIG_TCP_SYNMAXRTX=\r\nCONFIG_LWIP_TCP_OVERSIZE_DISABLE=y\r"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		k := Kind(kind % 3)
		file := Parse("f", data, k)
		lines := 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'})
		for _, v := range []string{"5.1.2", "5.5.5"} {
			tr := Translate([]*File{file}, Options{Version: v})
			for _, d := range tr.Diags {
				if d.Pos.File == "f" && (d.Pos.Line < 0 || d.Pos.Line > lines) {
					t.Fatalf("diagnostic outside the file: %v", d)
				}
			}
			if tr.Header == "" {
				t.Fatal("no header")
			}
		}
	})
}
