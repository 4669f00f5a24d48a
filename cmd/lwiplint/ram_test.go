package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/lwiprun"
	"github.com/lwiplint/lwiplint/internal/testenv"
)

// chromium returns Debian's chromium, or skips the test (fails it under
// CI=true, where .ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testenv.Require(t, false, "chromium (Debian's chromium package)")
	return ""
}

// headless runs chromium headless on the page with args and returns its
// standard output.
func headless(t *testing.T, browser, page string, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=1200,900"}
	cmd := exec.Command(browser, append(append(base, args...), page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.Bytes())
	}
	return out
}

// TestRAMHTMLInBrowser opens lwiplint ram --format html in a real
// headless browser: the screenshot must show the bars of the chart (the
// pools' and the heap's colours), and the numbers of the page's DOM must
// be those of --format json.
func TestRAMHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	src := lwiprun.Sources("2.2.1")
	testenv.Require(t, src != "", "lwIP 2.2.1 release sources in $LWIPLINT_LWIP_SOURCES (.ci/lwip-sources DIR makes them)")
	fixtures := filepath.Join("..", "..", "lwipopts", "ram", "testdata")
	args := []string{"ram", "--lwip", filepath.Join(src, "include"), "-I", filepath.Join(fixtures, "port"),
		filepath.Join(fixtures, "configs", "sockets", "lwipopts.h")}
	var page, js, stderr bytes.Buffer
	if code := run(append(args[:1:1], append([]string{"--format", "html"}, args[1:]...)...), &page, &stderr); code != exitOK {
		t.Fatalf("ram --format html: exit %d: %s", code, stderr.String())
	}
	if code := run(append(args[:1:1], append([]string{"--format", "json"}, args[1:]...)...), &js, &stderr); code != exitOK {
		t.Fatalf("ram --format json: exit %d: %s", code, stderr.String())
	}
	// Self-contained: no scripts, no links, no resource of any host.
	for _, bad := range []string{"<script", "<link", "src=", "url(", "//"} {
		if strings.Contains(page.String(), bad) {
			t.Errorf("the page has %q: it must need nothing outside itself", bad)
		}
	}
	var want struct {
		Total int64 `json:"total"`
		Pools []struct {
			Name                string
			Count, Size, Stride int64
			Bytes               int64
		} `json:"pools"`
		Heap struct {
			Bytes  int64 `json:"bytes"`
			Static bool  `json:"static"`
		} `json:"heap"`
		Parts []struct{ Name string } `json:"parts"`
	}
	if err := json.Unmarshal(js.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ram.html")
	if err := os.WriteFile(file, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// The chart is drawn: pixels of the pools' and the heap's colours.
	shot := filepath.Join(t.TempDir(), "shot.png")
	headless(t, browser, file, "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var pool, heap int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch [3]uint32{r >> 8, g >> 8, bl >> 8} {
			case [3]uint32{0x2b, 0x6c, 0xb0}:
				pool++
			case [3]uint32{0xdd, 0x6b, 0x20}:
				heap++
			}
		}
	}
	// The largest bar is 280×16 pixels, the heap's nearly as long here.
	if pool < 2000 || heap < 2000 {
		t.Errorf("screenshot: %d pixels of the pool colour, %d of the heap colour; want a drawn chart (≥ 2000 each)", pool, heap)
	}
	t.Logf("screenshot %dx%d: %d pool pixels, %d heap pixels", b.Dx(), b.Dy(), pool, heap)

	// The numbers on the page, as the browser's DOM has them.
	dom := string(headless(t, browser, file, "--dump-dom"))
	row := regexp.MustCompile(`<tr class="pool" data-name="(\w+)"><td>\w+</td><td class="n count">(\d+)</td><td class="n size">(\d+)</td><td class="n stride">(\d+)</td><td class="n bytes">(\d+)</td>`)
	got := map[string][4]int64{}
	for _, m := range row.FindAllStringSubmatch(dom, -1) {
		var v [4]int64
		for i := range v {
			v[i], _ = strconv.ParseInt(m[i+2], 10, 64)
		}
		got[m[1]] = v
	}
	if len(got) != len(want.Pools) {
		t.Errorf("the DOM has %d pool rows, the JSON %d pools", len(got), len(want.Pools))
	}
	for _, p := range want.Pools {
		if g, w := got[p.Name], [4]int64{p.Count, p.Size, p.Stride, p.Bytes}; g != w {
			t.Errorf("%s: DOM count, size, stride, bytes %v, JSON %v", p.Name, g, w)
		}
	}
	heapRow := regexp.MustCompile(`<tr class="heap" data-name="heap">.*?<td class="n bytes">(\d+)</td>`).FindStringSubmatch(dom)
	if !want.Heap.Static || heapRow == nil || heapRow[1] != strconv.FormatInt(want.Heap.Bytes, 10) {
		t.Errorf("heap: DOM %v, JSON %d (static %v)", heapRow, want.Heap.Bytes, want.Heap.Static)
	}
	if total := regexp.MustCompile(`class="total" data-bytes="(\d+)"`).FindStringSubmatch(dom); total == nil || total[1] != strconv.FormatInt(want.Total, 10) {
		t.Errorf("total: DOM %v, JSON %d", total, want.Total)
	}
	if bars := strings.Count(dom, `<rect class="bar`); bars != len(want.Parts) {
		t.Errorf("the chart has %d bars, the JSON %d parts", bars, len(want.Parts))
	}
}
