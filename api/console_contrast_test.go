package api

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestConsoleContrast computes, from the console's CSS, the contrast ratio
// (WCAG 2) of the palette's text against its backgrounds (at least 4.5:1)
// and of the chart and gauge bars against what they are drawn on (at
// least 3:1, the ratio for graphics).
func TestConsoleContrast(t *testing.T) {
	css := readConsoleFile(t, "style.css")
	s := parseCSS(css)
	type pair struct {
		what             string
		fg, bg           [2]string // selector, property
		min              float64
		fgColor, bgColor string
	}
	text := func(what, fgSel, fgProp, bgSel, bgProp string) pair {
		return pair{what: what, fg: [2]string{fgSel, fgProp}, bg: [2]string{bgSel, bgProp}, min: 4.5}
	}
	graphic := func(what, fgSel, fgProp, bgSel, bgProp string) pair {
		return pair{what: what, fg: [2]string{fgSel, fgProp}, bg: [2]string{bgSel, bgProp}, min: 3}
	}
	pairs := []pair{
		text("grey text on the page", ".muted", "color", ":root", "background"),
		text("grey text on a panel", ".muted", "color", ".panel", "background"),
		text("KPI labels", ".kpi-label", "color", ".kpi", "background"),
		text("table headings", "th", "color", "th", "background"),
		text("chart axes", ".chart .axis", "fill", ".panel", "background"),
		text("bar values", ".hbar-value", "color", ".panel", "background"),
		text("legends", ".legend", "color", ".panel", "background"),
		text("text", ":root", "color", ":root", "background"),
		text("the header's subtitle", ".brand-sub", "color", ".top", "background"),
		text("the navigation", "#nav a", "color", ".top", "background"),
		text("the live state", ".live", "color", ".top", "background"),
		text("waiting for a second officer", ".waiting", "color", ".waiting", "background"),
		graphic("chart bars", ".chart .bar", "fill", ".panel", "background"),
		graphic("chart bars beyond the pool", ".chart .bar-over", "fill", ".chart .exhaust-zone", "fill"),
		graphic("sector and stage bars", ".hbar-fill", "background", ".hbar-track", "background"),
		graphic("the gauge, cool", ".gauge-fill.cool", "background", ".gauge-track", "background"),
		graphic("the gauge, warm", ".gauge-fill.warm", "background", ".gauge-track", "background"),
		graphic("the gauge, hot", ".gauge-fill.hot", "background", ".gauge-track", "background"),
		graphic("the legend's bar", ".lg-bar", "background", ".panel", "background"),
	}
	for _, st := range claimStatuses {
		pairs = append(pairs, graphic("the status bar, "+st, ".st-fill-"+st, "background", ".panel", "background"))
	}
	// The split of a loss: the party colours of app.js on a panel.
	js := readConsoleFile(t, "app.js")
	m := regexp.MustCompile(`PARTY_COLORS = \[([^\]]*)\]`).FindStringSubmatch(js)
	bank := regexp.MustCompile(`party === 'bank' \? '(#[0-9a-fA-F]{6})'`).FindStringSubmatch(js)
	if m == nil || bank == nil {
		t.Fatal("app.js: no PARTY_COLORS or bank colour found")
	}
	for _, c := range append(regexp.MustCompile(`#[0-9a-fA-F]{6}`).FindAllString(m[1], -1), bank[1]) {
		pairs = append(pairs, pair{what: "the split of a loss, " + c, fgColor: c, bg: [2]string{".panel", "background"}, min: 3})
	}
	for _, p := range pairs {
		fg, bg := p.fgColor, p.bgColor
		var err error
		if fg == "" {
			if fg, err = s.color(p.fg[0], p.fg[1]); err != nil {
				t.Errorf("%s: %v", p.what, err)
				continue
			}
		}
		if bg == "" {
			if bg, err = s.color(p.bg[0], p.bg[1]); err != nil {
				t.Errorf("%s: %v", p.what, err)
				continue
			}
		}
		r, err := contrast(fg, bg)
		if err != nil {
			t.Errorf("%s: %v", p.what, err)
			continue
		}
		if r < p.min {
			t.Errorf("%s: %s on %s has a contrast of %.2f:1, want at least %.1f:1", p.what, fg, bg, r, p.min)
		}
	}
	// The check itself: the colours the issue measured fail it.
	if r, _ := contrast("#64748b", "#f3f5f9"); r >= 4.5 || math.Abs(r-4.36) > 0.01 {
		t.Errorf("the old grey on the page: got %.2f:1, want 4.36:1", r)
	}
	if r, _ := contrast("#93c5fd", "#ffffff"); r >= 3 {
		t.Errorf("the old bars: got %.2f:1, want below 3:1", r)
	}
}

func readConsoleFile(t *testing.T, name string) string {
	t.Helper()
	b, err := consoleFiles.ReadFile("console/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cssSheet is the top-level rules of a style sheet (no @media), enough
// for the console's flat CSS: selector → property → value, the last
// declaration winning.
type cssSheet struct {
	rules map[string]map[string]string
}

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssMedia   = regexp.MustCompile(`@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}`)
	cssRule    = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	cssVar     = regexp.MustCompile(`^var\((--[a-z0-9-]+)\)$`)
)

func parseCSS(css string) cssSheet {
	css = cssMedia.ReplaceAllString(cssComment.ReplaceAllString(css, ""), "")
	s := cssSheet{rules: map[string]map[string]string{}}
	for _, m := range cssRule.FindAllStringSubmatch(css, -1) {
		for _, sel := range strings.Split(m[1], ",") {
			sel = strings.Join(strings.Fields(sel), " ")
			if s.rules[sel] == nil {
				s.rules[sel] = map[string]string{}
			}
			for _, decl := range strings.Split(m[2], ";") {
				k, v, ok := strings.Cut(decl, ":")
				if ok {
					s.rules[sel][strings.TrimSpace(k)] = strings.TrimSpace(v)
				}
			}
		}
	}
	return s
}

// color is the colour a rule gives a property (background, color, fill),
// custom properties of :root resolved.
func (s cssSheet) color(selector, prop string) (string, error) {
	v, ok := s.rules[selector][prop]
	if !ok {
		return "", fmt.Errorf("no %s in the rule %s", prop, selector)
	}
	for range 4 {
		m := cssVar.FindStringSubmatch(v)
		if m == nil {
			break
		}
		if v, ok = s.rules[":root"][m[1]]; !ok {
			return "", fmt.Errorf("%s: no custom property %s in :root", selector, m[1])
		}
	}
	if !regexp.MustCompile(`^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$`).MatchString(v) {
		return "", fmt.Errorf("%s { %s: %s }: want one colour #rgb or #rrggbb (a gradient's contrast cannot be checked)", selector, prop, v)
	}
	return v, nil
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05), nil
}

func luminance(hex string) (float64, error) {
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return 0, fmt.Errorf("colour %q", hex)
	}
	var ch [3]float64
	for i := range 3 {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return 0, fmt.Errorf("colour %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			ch[i] = c / 12.92
		} else {
			ch[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2], nil
}
