package api

import (
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestConsoleCSP: the page and every asset are served under the strict
// Content-Security-Policy (own files only, nothing inline, no eval, no
// other origin, no framing), the page has no inline script or style, and
// no script of the console inserts markup: every text goes in through
// textContent, so the API's data can never run as code.
func TestConsoleCSP(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/", "/assets/app.js", "/assets/i18n.js", "/assets/style.css", "/assets/views/loans.js"} {
		res, err := e.client.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Security-Policy") != consoleCSP {
			t.Errorf("GET %s: %d, Content-Security-Policy %q; want 200 under %q", path, res.StatusCode, res.Header.Get("Content-Security-Policy"), consoleCSP)
		}
	}
	directives := map[string]string{}
	for _, d := range strings.Split(consoleCSP, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{"default-src": "'none'", "script-src": "'self'", "style-src": "'self'", "connect-src": "'self'",
		"img-src": "'self' data:", "base-uri": "'none'", "form-action": "'none'", "frame-ancestors": "'none'"} {
		if directives[name] != want {
			t.Errorf("CSP %s %q, want %q", name, directives[name], want)
		}
	}
	if strings.Contains(consoleCSP, "unsafe") || strings.Contains(consoleCSP, "*") || strings.Contains(consoleCSP, "http") {
		t.Errorf("the CSP allows inline code, eval or another origin: %q", consoleCSP)
	}

	index := readConsoleFile(t, "index.html")
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(index, -1) {
		if !strings.Contains(m, ` src="/assets/`) {
			t.Errorf("index.html: an inline script %s", m)
		}
	}
	if regexp.MustCompile(`<style|\sstyle=|\son[a-z]+=`).MatchString(index) {
		t.Error("index.html has an inline style or event handler")
	}

	// The sinks that parse markup or run strings as code.
	sinks := regexp.MustCompile(`\.innerHTML\b|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment|DOMParser|setTimeout\(\s*['"]|setInterval\(\s*['"]`)
	var scripts []string
	if err := fs.WalkDir(consoleFiles, "console", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".js") {
			scripts = append(scripts, strings.TrimPrefix(path, "console/"))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(scripts, "app.js") || !slices.Contains(scripts, "views/loans.js") {
		t.Fatalf("the console's scripts: %v", scripts)
	}
	for _, name := range scripts {
		for i, line := range strings.Split(readConsoleFile(t, name), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if m := sinks.FindString(line); m != "" {
				t.Errorf("%s:%d inserts markup or runs a string (%s): %s", name, i+1, m, strings.TrimSpace(line))
			}
		}
		if !strings.Contains(index, `src="/assets/`+name+`"`) {
			t.Errorf("%s is not loaded by index.html", name)
		}
	}
	// The check itself finds a sink.
	if !sinks.MatchString(`row.innerHTML = doc.title;`) || !sinks.MatchString(`setTimeout('go()', 5)`) {
		t.Error("the sink pattern misses innerHTML or a string timer")
	}
}
