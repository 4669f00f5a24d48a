package espidf

import "testing"

func BenchmarkTranslateEmpty(b *testing.B) {
	f := Parse("f", []byte("CONFIG_LWIP_TCP_MSS=1440\n"), KindSdkconfig)
	for b.Loop() {
		Translate([]*File{f}, Options{Version: "5.1.2"})
	}
}

func BenchmarkTranslateHostile(b *testing.B) {
	var data []byte
	for i := 0; len(data) < MaxFileSize-64; i++ {
		data = append(data, []byte("CONFIG_LWIP_MADE_UP_NAME_"+string(rune('A'+i%26))+string(rune('A'+i/26%26))+string(rune('A'+i/676%26))+"=1\n")...)
	}
	f := Parse("f", data, KindSdkconfig)
	for b.Loop() {
		Translate([]*File{f}, Options{Version: "5.1.2"})
	}
}
