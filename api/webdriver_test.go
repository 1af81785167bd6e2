package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// A WebDriver client over plain HTTP JSON (W3C WebDriver), enough to drive
// headless Chromium through chromedriver in a test: no Go module needed.

// webElementKey is the W3C key of an element reference.
const webElementKey = "element-6066-11e4-a52e-4f735466cecf"

// browserInstallHint is what to do when the browser is missing.
const browserInstallHint = "the console's browser test needs Chromium and chromedriver: run `apt-get install -y chromium chromium-driver` " +
	"(and fonts-noto-cjk, or the screenshots of the Chinese console show boxes for its characters)"

type webDriver struct {
	t       *testing.T
	base    string // http://127.0.0.1:<port>
	session string
	client  *http.Client
}

// startChromedriver starts chromedriver on a free loopback port and stops
// it when the test ends. It fails (never skips) when it is not installed.
func startChromedriver(t *testing.T) *webDriver {
	t.Helper()
	path, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Fatalf("chromedriver not found: %s", browserInstallHint)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(path, "--port="+strconv.Itoa(port), "--allowed-ips=127.0.0.1")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	d := &webDriver{t: t, base: "http://127.0.0.1:" + strconv.Itoa(port), client: &http.Client{Timeout: 60 * time.Second}}
	waitFor(t, 20*time.Second, "chromedriver to answer /status", func() (bool, error) {
		select {
		case <-exited:
			return false, fmt.Errorf("chromedriver exited: %s", log.String())
		default:
		}
		var st struct {
			Ready bool `json:"ready"`
		}
		if err := d.call("GET", "/status", nil, &st); err != nil {
			return false, nil // not listening yet
		}
		return st.Ready, nil
	})
	return d
}

// newSession opens headless Chromium with its own profile directory.
func (d *webDriver) newSession(width, height int) {
	d.t.Helper()
	var binary string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			binary = p
			break
		}
	}
	if binary == "" {
		d.t.Fatalf("chromium not found: %s", browserInstallHint)
	}
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir=" + d.t.TempDir(), fmt.Sprintf("--window-size=%d,%d", width, height), "--lang=en-US"}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"goog:chromeOptions": map[string]any{"binary": binary, "args": args},
		"timeouts":           map[string]any{"script": 10000, "pageLoad": 20000, "implicit": 0},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	if err := d.call("POST", "/session", caps, &created); err != nil {
		d.t.Fatalf("new WebDriver session: %v", err)
	}
	d.session = created.SessionID
	d.t.Cleanup(func() { _ = d.call("DELETE", "/session/"+d.session, nil, nil) })
}

// call sends one WebDriver command and decodes its "value".
func (d *webDriver) call(method, path string, body, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	} else if method == "POST" {
		r = bytes.NewReader([]byte("{}"))
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := d.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return err
	}
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(env.Value, &e)
		return fmt.Errorf("%s %s: %s: %s", method, path, e.Error, e.Message)
	}
	if out != nil {
		return json.Unmarshal(env.Value, out)
	}
	return nil
}

// another opens a second browser session on the same chromedriver (a
// second user at another desk).
func (d *webDriver) another(width, height int) *webDriver {
	d.t.Helper()
	o := &webDriver{t: d.t, base: d.base, client: d.client}
	o.newSession(width, height)
	return o
}

// cdp sends a Chrome DevTools command through chromedriver.
func (d *webDriver) cdp(command string, params map[string]any) {
	d.t.Helper()
	d.cmd("POST", "/goog/cdp/execute", map[string]any{"cmd": command, "params": params}, nil)
}

// WebDriver key codes for sendKeys.
const (
	keyEnter  = "\uE007"
	keyEscape = "\uE00C"
)

func (d *webDriver) cmd(method, path string, body, out any) {
	d.t.Helper()
	if err := d.call(method, "/session/"+d.session+path, body, out); err != nil {
		d.t.Fatal(err)
	}
}

func (d *webDriver) navigate(url string) {
	d.t.Helper()
	d.cmd("POST", "/url", map[string]string{"url": url}, nil)
}

// elements finds the elements matching a CSS selector now (none is not an
// error).
func (d *webDriver) elements(css string) []string {
	d.t.Helper()
	var found []map[string]string
	d.cmd("POST", "/elements", map[string]string{"using": "css selector", "value": css}, &found)
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f[webElementKey]
	}
	return ids
}

// waitElement waits until an element matches the selector and returns it.
func (d *webDriver) waitElement(css string) string {
	d.t.Helper()
	var id string
	waitFor(d.t, 15*time.Second, "an element "+css, func() (bool, error) {
		if ids := d.elements(css); len(ids) > 0 {
			id = ids[0]
			return true, nil
		}
		return false, nil
	})
	return id
}

func (d *webDriver) click(id string) {
	d.t.Helper()
	d.cmd("POST", "/element/"+id+"/click", nil, nil)
}

func (d *webDriver) sendKeys(id, text string) {
	d.t.Helper()
	d.cmd("POST", "/element/"+id+"/value", map[string]string{"text": text}, nil)
}

// script runs JavaScript in the page and decodes its result.
func (d *webDriver) script(js string, out any, args ...any) {
	d.t.Helper()
	if args == nil {
		args = []any{}
	}
	d.cmd("POST", "/execute/sync", map[string]any{"script": js, "args": args}, out)
}

func (d *webDriver) screenshot() []byte {
	d.t.Helper()
	var b64 string
	d.cmd("GET", "/screenshot", nil, &b64)
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		d.t.Fatal(err)
	}
	return png
}

func (d *webDriver) resize(width, height int) {
	d.t.Helper()
	d.cmd("POST", "/window/rect", map[string]int{"width": width, "height": height}, nil)
}

// waitFor polls cond until it holds or the deadline passes (a failure).
// An error from cond ends the wait at once.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		select {
		case <-deadline.C:
			t.Fatalf("waited %s for %s", timeout, what)
		case <-tick.C:
		}
	}
}
