package main

import "testing"

func TestMistypedCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	for arg, want := range map[string]string{
		"verison": "version", "versoin": "version", "vrsion": "version", "chekc": "check",
		"shwo": "show", "rulse": "rules", "expalin": "explain", "kbb": "kb", "cahce": "cache",
		// Commands themselves, and words no command is near, are not mistyped.
		"check": "", "version": "", "lib": "", "b": "", "src": "", "port": "", "build": "",
		"lwip": "", "include": "", "sdkconfig": "",
		// Flags and names with a '.' or a separator are not commands.
		"--verison": "", "chekc.h": "", "a/chekc": "",
	} {
		if got := mistypedCommand(arg); got != want {
			t.Errorf("mistypedCommand(%q) = %q, want %q", arg, got, want)
		}
	}
}
