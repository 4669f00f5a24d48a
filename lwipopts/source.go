package lwipopts

import "maps"

// Source returns the text of file as the loader read it: the
// configuration (an sdkconfig for ESP-IDF) and the files of the user's it
// includes, with a byte-order mark removed and line endings normalised to
// "\n", as positions count lines. file is named as positions name it. ok
// is false for lwIP's own headers, built-in defaults and a file the
// loader did not read.
//
// Reports show their excerpts from it, so that a file is never read a
// second time, and what they show is what was linted.
func (c *Config) Source(file string) ([]byte, bool) {
	c.srcOnce.Do(c.collectSources)
	b, ok := c.srcs[file]
	return b, ok
}

// collectSources fills c.srcs from the files of the load's run.
func (c *Config) collectSources() {
	m := map[string][]byte{}
	if r := c.res; r != nil {
		r.mu.Lock()
		files := maps.Clone(r.files)
		r.mu.Unlock()
		for name, fi := range files {
			if fi.src == nil || r.gen != nil && name == r.gen.hdr {
				continue // the header made from an sdkconfig: c.extraSrcs has the sdkconfig
			}
			m[r.display(Position{File: name}).File] = fi.src
		}
	}
	for name, b := range c.extraSrcs {
		m[name] = b
	}
	c.srcs = m
}
