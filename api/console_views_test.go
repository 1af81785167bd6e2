package api

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// consoleViews is every view of each role's navigation, in its order (the
// landing view first), and the detail views the role reaches by a link:
// TestConsoleEveryView walks them all.
var consoleViews = []struct {
	subject string
	nav     []string
	details []string // hash routes: #/<route>
}{
	{"finance:li", []string{"claims", "programs", "pipeline", "enterprises", "subsidies", "fund"},
		[]string{"programs/dz-lukedai", "claim/dz-lukedai/icbc-dz-L2"}},
	{"admin:sci", []string{"filings", "claims", "programs", "pipeline", "enterprises", "projects", "subsidies", "review", "fund"},
		[]string{"claim/lukedan/boc-jn-G1"}},
	{"bank:icbc-dz", []string{"loans", "claims", "programs", "pipeline", "subsidies"},
		[]string{"loan/icbc-dz-L1", "programs/dz-lukedai"}},
	{"guarantor:sd-kedan", []string{"leverage", "programs"}, nil},
	{"investor:vc1", []string{"pipeline", "fund"}, nil},
	{"fund:dz-transfer", []string{"fund"}, nil},
}

// TestConsoleEveryView signs in as each role and opens every view of its
// navigation and its detail views, in Chinese: each loads without an
// error, shows no English label, breaks no rule of the Content-Security-
// Policy, and leaves a screenshot (TECHCREDIT_CONSOLE_SCREENSHOTS copies
// them out). The first view shows its loading state while its documents
// are on the way, and its screenshot draws Chinese characters, not boxes.
func TestConsoleEveryView(t *testing.T) {
	e := fundRounds(t)
	d := startChromedriver(t)
	d.newSession(1360, 1000)
	for i, r := range consoleViews {
		role, _, _ := strings.Cut(r.subject, ":")
		d.navigate(e.url + "/")
		d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
		signIn(t, d, r.subject)
		d.waitElement(`main[data-view="` + r.nav[0] + `"][data-loaded="true"]`)
		if i == 0 {
			checkCJKGlyphs(t, d)
		}
		d.script(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); return null`, nil)
		var nav []string
		d.script(`return [...document.querySelectorAll('#nav a[data-nav]')].map((a) => a.dataset.nav)`, &nav)
		if !slices.Equal(nav, r.nav) {
			t.Errorf("%s's navigation: %v, want %v", r.subject, nav, r.nav)
		}
		if i == 0 {
			checkLoading(t, d, e.url+"/#/"+r.nav[1], r.nav[1])
		}
		for _, route := range append(slices.Clone(r.nav), r.details...) {
			name, _, _ := strings.Cut(route, "/")
			if name == "programs" && route != name {
				name = "program"
			}
			d.navigate(e.url + "/#/" + route)
			d.waitElement(`main[data-view="` + name + `"][data-loaded="true"]`)
			if errs := d.elements(`main .panel.error`); len(errs) > 0 {
				t.Errorf("%s, #/%s: the view failed: %q", r.subject, route, textOf(d, `main .panel.error`))
			}
			checkLang(t, d, "zh-CN")
			checkNoEnglish(t, d, r.subject+"'s #/"+route)
			saveShot(t, d, "view-"+role+"-"+strings.ReplaceAll(route, "/", "-")+".png")
		}
		var violations []string
		d.script(`return window.cspViolations`, &violations)
		if len(violations) > 0 {
			t.Errorf("%s: CSP violations: %v", r.subject, violations)
		}
		d.click(d.waitElement(`#signout`))
	}
}

// holdFetchJS holds every request of the page until window.release() is
// called, so that a view stays in its loading state.
const holdFetchJS = `
const real = window.fetch;
let held = [];
window.release = () => { window.fetch = real; for (const go of held) go(); held = []; };
window.fetch = (url, init) => new Promise((resolve, reject) => { held.push(() => real(url, init).then(resolve, reject)); });
return null;`

// checkLoading: while a view's documents are on the way, the page says it
// is loading (and is aria-busy); once they arrive, the view shows.
func checkLoading(t *testing.T, d *webDriver, url, name string) {
	t.Helper()
	d.script(holdFetchJS, nil)
	d.navigate(url)
	d.waitElement(`main[data-view="` + name + `"][data-loaded="false"][aria-busy="true"] .loading`)
	if got := textOf(d, `main .loading`); got != "加载中…" {
		t.Errorf("the loading state reads %q, want 加载中…", got)
	}
	d.script(`window.release(); return null`, nil)
	d.waitElement(`main[data-view="` + name + `"][data-loaded="true"]:not([aria-busy])`)
}

// cjkGlyphsJS draws, in the font of the page's heading, each Han character
// of the heading and two characters no font has (private use: the box of
// a missing glyph) on a canvas, and returns a fingerprint of each drawing
// (which pixels are inked).
const cjkGlyphsJS = `
const h = document.querySelector('main h1, main h2');
const cs = getComputedStyle(h);
const font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
const han = [...new Set([...h.textContent].filter((c) => /\p{Script=Han}/u.test(c)))];
const canvas = document.createElement('canvas');
canvas.width = canvas.height = 48;
const g = canvas.getContext('2d', { willReadFrequently: true });
const print = (ch) => {
  g.clearRect(0, 0, 48, 48);
  g.font = font;
  g.fillStyle = '#000';
  g.textBaseline = 'top';
  g.fillText(ch, 4, 4);
  const px = g.getImageData(0, 0, 48, 48).data;
  let bits = '', ink = 0;
  for (let i = 3; i < px.length; i += 4) { const on = px[i] > 127; bits += on ? '1' : '0'; if (on) ink++; }
  return { Char: ch, Ink: ink, Bits: bits };
};
return { Font: font, Text: h.textContent, Han: han.map(print), Missing: ['\u{10FFFD}', '\u{10FFFC}'].map(print) };`

// checkCJKGlyphs: the Chinese heading of the page is drawn with real
// glyphs: each of its characters inks pixels, no two alike and none like
// the box of a missing glyph. Without a CJK font (fonts-noto-cjk) every
// character is that same box and the check fails; the two characters no
// font has are drawn alike, which shows the comparison can tell.
func checkCJKGlyphs(t *testing.T, d *webDriver) {
	t.Helper()
	type glyph struct {
		Char, Bits string
		Ink        int
	}
	var got struct {
		Font, Text string
		Han        []glyph
		Missing    []glyph
	}
	d.script(cjkGlyphsJS, &got)
	if len(got.Missing) != 2 || got.Missing[0].Bits != got.Missing[1].Bits {
		t.Fatalf("two characters no font has are drawn differently in %s: the comparison cannot tell a missing glyph", got.Font)
	}
	if len(got.Han) < 3 {
		t.Fatalf("the heading %q has %d Chinese characters, want at least 3", got.Text, len(got.Han))
	}
	seen := map[string]string{got.Missing[0].Bits: "the box of a missing glyph"}
	for _, g := range got.Han {
		if g.Ink < 20 {
			t.Errorf("%q in %s inks %d pixels: no glyph drawn", g.Char, got.Font, g.Ink)
		}
		if other, ok := seen[g.Bits]; ok {
			t.Errorf("%q is drawn like %s in %s: no CJK font renders it (install fonts-noto-cjk)", g.Char, other, got.Font)
		}
		seen[g.Bits] = "\"" + g.Char + "\""
	}
	if t.Failed() {
		return
	}
	t.Logf("%d Chinese characters of %q drawn with distinct glyphs in %s", len(got.Han), got.Text, got.Font)
}

// saveShot writes a screenshot to the test's temp dir and, when
// TECHCREDIT_CONSOLE_SCREENSHOTS names one, to that directory too.
func saveShot(t *testing.T, d *webDriver, name string) {
	t.Helper()
	png := d.screenshot()
	dirs := []string{t.TempDir()}
	if dir := os.Getenv(screenshotDirEnv); dir != "" {
		dirs = append(dirs, dir)
	}
	for _, dir := range dirs {
		if err := os.MkdirAll(dir, 0o755); err != nil { // a directory named to collect them need not exist yet
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot %s", filepath.Join(dirs[0], name))
}
