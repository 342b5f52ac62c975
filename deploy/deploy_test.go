package deploy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	_ "time/tzdata" // the schedules' time zones load on any machine

	"github.com/epaper/epaper/editions"
	"gopkg.in/yaml.v3"
)

// The paths the examples agree on: where the edition files, the day's
// stories and the website's folder are.
const (
	editionsDir = "/etc/epaper/editions"
	storiesDir  = "/srv/desk/stories"
	outDir      = "/srv/www/epaper"
	nightTZ     = "Asia/Kolkata"
)

// needTool skips a test when a command-line tool is missing.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	return p
}

// fakeEpaper puts on PATH an "epaper" that records its arguments, one run a
// line, in the returned file, writes a log line to stderr and a summary
// line to stdout, and exits with $FAKE_STATUS. With FAKE_SLEEP it first
// sleeps, and when stopped by SIGTERM records "TERM" and exits 1.
func fakeEpaper(t *testing.T) (path, argsFile string) {
	t.Helper()
	dir := t.TempDir()
	argsFile = filepath.Join(dir, "args")
	script := `#!/bin/sh
echo "$*" >>"` + argsFile + `"
echo '{"level":"INFO","msg":"fake epaper log line","edition":"fake"}' >&2
echo "EDITION  STATUS  fake summary"
if [ -n "${FAKE_SLEEP:-}" ]; then
	sleep "$FAKE_SLEEP" &
	sleeper=$!
	trap 'kill $sleeper; echo TERM >>"` + argsFile + `"; exit 1' TERM
	wait $sleeper
fi
exit "${FAKE_STATUS:-0}"
`
	if err := os.WriteFile(filepath.Join(dir, "epaper"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir + string(os.PathListSeparator) + os.Getenv("PATH"), argsFile
}

// runScript runs argv with env added to the environment and returns its
// exit status, stdout and stderr.
func runScript(t *testing.T, argv []string, env ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%v did not finish in 30 s", argv)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), stdout.String(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// shellcheck lints a script when shellcheck is installed.
func shellcheck(t *testing.T, shell, script string) {
	t.Helper()
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Log("shellcheck is not installed: not linted")
		return
	}
	out, err := exec.Command("shellcheck", "-s", shell, script).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck %s: %v\n%s", script, err, out)
	}
}

// cronField checks one field of a cron schedule: lists of *, numbers or
// names, ranges and steps within lo..hi.
func cronField(f string, lo, hi int, names []string) error {
	value := func(s string) (int, error) {
		if i := slices.Index(names, strings.ToLower(s)); i >= 0 {
			return i + lo, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return 0, fmt.Errorf("%q is not in %d-%d", s, lo, hi)
		}
		return n, nil
	}
	for _, item := range strings.Split(f, ",") {
		rng, step, hasStep := strings.Cut(item, "/")
		if hasStep {
			if n, err := strconv.Atoi(step); err != nil || n < 1 {
				return fmt.Errorf("step %q", step)
			}
		}
		if rng == "*" {
			continue
		}
		a, b, isRange := strings.Cut(rng, "-")
		x, err := value(a)
		if err != nil {
			return err
		}
		if isRange {
			y, err := value(b)
			if err != nil {
				return err
			}
			if y < x {
				return fmt.Errorf("range %q runs backwards", rng)
			}
		}
	}
	return nil
}

// cronSchedule checks the five time fields of a cron line.
func cronSchedule(fields []string) error {
	if len(fields) != 5 {
		return fmt.Errorf("%d time fields, want 5", len(fields))
	}
	months := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	days := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	specs := []struct {
		name   string
		lo, hi int
		names  []string
	}{{"minute", 0, 59, nil}, {"hour", 0, 23, nil}, {"day of month", 1, 31, nil}, {"month", 1, 12, months}, {"day of week", 0, 7, days}}
	for i, s := range specs {
		if err := cronField(fields[i], s.lo, s.hi, s.names); err != nil {
			return fmt.Errorf("%s %q: %v", s.name, fields[i], err)
		}
	}
	return nil
}

func TestCronSchedule(t *testing.T) {
	for _, bad := range [][]string{{"0", "1", "*", "*"}, {"60", "1", "*", "*", "*"}, {"0", "24", "*", "*", "*"}, {"0", "1", "0", "*", "*"}, {"0", "5-1", "*", "*", "*"}, {"0", "1", "*", "*", "mon/0"}} {
		if cronSchedule(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, good := range [][]string{{"0", "1", "*", "*", "*"}, {"*/15", "0-6", "1,15", "jan-mar", "mon-fri"}, {"30", "23", "*", "*", "7"}} {
		if err := cronSchedule(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

func TestCronLine(t *testing.T) {
	env := map[string]string{}
	var jobs [][]string
	for n, line := range readLines(t, "cron/epaper.cron") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if k, v, ok := strings.Cut(line, "="); ok && !strings.ContainsAny(k, " \t*") {
			env[strings.TrimSpace(k)] = strings.TrimSpace(v)
			continue
		}
		// /etc/cron.d format: five time fields, the user, the command
		if len(f) < 7 {
			t.Fatalf("line %d: %d fields, want 5 time fields, a user and a command: %q", n+1, len(f), line)
		}
		jobs = append(jobs, f)
	}
	if len(jobs) != 1 {
		t.Fatalf("%d cron lines, want 1", len(jobs))
	}
	job := jobs[0]
	if err := cronSchedule(job[:5]); err != nil {
		t.Error(err)
	}
	if s := strings.Join(job[:5], " "); s != "0 1 * * *" {
		t.Errorf("schedule %q, want 0 1 * * *", s)
	}
	if env["CRON_TZ"] != nightTZ {
		t.Errorf("CRON_TZ=%q, want %s", env["CRON_TZ"], nightTZ)
	}
	if _, err := time.LoadLocation(env["CRON_TZ"]); err != nil {
		t.Error(err)
	}
	if env["MAILTO"] == "" {
		t.Error("no MAILTO: nobody hears of a failed night")
	}
	if !strings.Contains(env["PATH"], "/usr/local/bin") {
		t.Errorf("PATH=%q does not find epaper in /usr/local/bin", env["PATH"])
	}
	if job[5] == "root" {
		t.Error("the build runs as root")
	}
	command := strings.Join(job[6:], " ")
	if strings.Contains(strings.ReplaceAll(command, `\%`, ""), "%") {
		t.Errorf("cron turns %% into a newline: %q", command)
	}
	if strings.Contains(command, "flock") {
		t.Errorf("command %q takes a lock epaper takes itself", command)
	}
	if !strings.Contains(command, "/epaper-nightly.sh") || !strings.Contains(command, "EPAPER_LOG=") {
		t.Errorf("command %q does not run the wrapper with a log file", command)
	}
	if strings.Contains(command, "2>") || strings.Contains(command, ">") {
		t.Errorf("command %q redirects the wrapper's output, so cron never mails an alert", command)
	}
}

// kolkataDate is today in India (no daylight saving time there).
func kolkataDate() string {
	return time.Now().In(time.FixedZone("IST", 5*3600+1800)).Format("2006-01-02")
}

func TestCronWrapper(t *testing.T) {
	const script = "cron/epaper-nightly.sh"
	bash := needTool(t, "bash")
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	shellcheck(t, "bash", script)
	if fi, err := os.Stat(script); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("%s is not executable", script)
	}
	if _, err := os.Stat("/usr/share/zoneinfo/" + nightTZ); err != nil {
		t.Skip("no time zone data on this machine for date(1)")
	}

	for _, tc := range []struct {
		epaper, want int
		level, msg   string
	}{
		{0, 0, "INFO", "published"},
		{3, 0, "WARN", "published with warnings"},
		{1, 1, "ERROR", "nightly build failed: one or more editions failed"},
		{2, 2, "ERROR", "nightly build failed: the command line is wrong"},
	} {
		t.Run(fmt.Sprintf("status %d", tc.epaper), func(t *testing.T) {
			path, argsFile := fakeEpaper(t)
			log := filepath.Join(t.TempDir(), "log", "nightly.log")
			before := kolkataDate()
			status, stdout, stderr := runScript(t, []string{bash, script}, "PATH="+path, "EPAPER_LOG="+log, fmt.Sprintf("FAKE_STATUS=%d", tc.epaper), "EPAPER_DATE=")
			after := kolkataDate()
			if status != tc.want {
				t.Errorf("exit %d, want %d\n%s", status, tc.want, stderr)
			}
			if stdout != "" {
				t.Errorf("the wrapper wrote to stdout, which cron mails: %q", stdout)
			}
			if alerted := stderr != ""; alerted != (tc.want != 0) {
				t.Errorf("stderr (what cron mails) for epaper's status %d: %q", tc.epaper, stderr)
			}
			if tc.want != 0 && (!strings.Contains(stderr, "epaper-nightly: the build of") || !strings.Contains(stderr, "fake summary")) {
				t.Errorf("the alert does not say what failed:\n%s", stderr)
			}
			args := readLines(t, argsFile)
			wantArgs := func(date string) string {
				return "build --all " + editionsDir + " --stories " + storiesDir + " --date " + date + " --out " + outDir + " --log-format json"
			}
			if len(args) != 1 || (args[0] != wantArgs(before) && args[0] != wantArgs(after)) {
				t.Errorf("epaper ran as %q, want %q", args, wantArgs(before))
			}
			lines := readLines(t, log)
			if !slices.Contains(lines, `{"level":"INFO","msg":"fake epaper log line","edition":"fake"}`) || !slices.Contains(lines, "EDITION  STATUS  fake summary") {
				t.Errorf("epaper's log and summary are not in the log file:\n%s", strings.Join(lines, "\n"))
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rec); err != nil {
				t.Fatalf("the wrapper's line is not JSON: %v\n%s", err, lines[len(lines)-1])
			}
			if rec["level"] != tc.level || !strings.HasPrefix(fmt.Sprint(rec["msg"]), tc.msg) || rec["status"] != float64(tc.epaper) || rec["source"] != "epaper-nightly" {
				t.Errorf("the wrapper logged %v, want level %s, msg %q, status %d", rec, tc.level, tc.msg, tc.epaper)
			}
		})
	}

	t.Run("past day", func(t *testing.T) {
		path, argsFile := fakeEpaper(t)
		log := filepath.Join(t.TempDir(), "nightly.log")
		status, _, stderr := runScript(t, []string{bash, script}, "PATH="+path, "EPAPER_LOG="+log, "EPAPER_DATE=2026-11-28", "EPAPER_OUT=/tmp/www")
		if status != 0 {
			t.Fatalf("exit %d\n%s", status, stderr)
		}
		if args := readLines(t, argsFile); len(args) != 1 || !strings.Contains(args[0], "--date 2026-11-28 --out /tmp/www ") {
			t.Errorf("epaper ran as %q", args)
		}
	})

	t.Run("no time zone data", func(t *testing.T) {
		path, argsFile := fakeEpaper(t)
		log := filepath.Join(t.TempDir(), "nightly.log")
		status, _, stderr := runScript(t, []string{bash, script}, "PATH="+path, "EPAPER_LOG="+log, "EPAPER_DATE=", "TZDIR="+t.TempDir())
		if status != 1 || !strings.Contains(stderr, "tzdata") {
			t.Errorf("exit %d, stderr %q: want 1 and a word about tzdata", status, stderr)
		}
		if _, err := os.Stat(argsFile); err == nil {
			t.Error("epaper ran with a date that may be wrong")
		}
	})

	t.Run("timeout", func(t *testing.T) {
		needTool(t, "timeout")
		path, argsFile := fakeEpaper(t)
		log := filepath.Join(t.TempDir(), "nightly.log")
		status, _, stderr := runScript(t, []string{bash, script}, "PATH="+path, "EPAPER_LOG="+log, "EPAPER_DATE=2026-11-28", "EPAPER_TIMEOUT=0.5", "FAKE_SLEEP=20")
		if status != 124 || !strings.Contains(stderr, "ran longer than 0.5") {
			t.Errorf("exit %d, stderr %q: want 124 and an alert", status, stderr)
		}
		if args := readLines(t, argsFile); !slices.Contains(args, "TERM") {
			t.Errorf("epaper was not stopped with SIGTERM: %q", args)
		}
	})
}

// unit is a systemd unit file: sections of keys, each with its values in
// order (a key may repeat).
type unit map[string]map[string][]string

func (u unit) get(section, key string) string {
	v := u[section][key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func parseUnit(t *testing.T, path string) unit {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unit{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			if u[section] != nil {
				t.Errorf("%s:%d: section [%s] again", path, n, section)
			}
			u[section] = map[string][]string{}
		case section == "":
			t.Errorf("%s:%d: %q outside a section", path, n, line)
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || strings.HasSuffix(line, `\`) {
				t.Errorf("%s:%d: %q is not KEY=VALUE on one line", path, n, line)
				continue
			}
			k = strings.TrimSpace(k)
			u[section][k] = append(u[section][k], strings.TrimSpace(v))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return u
}

// flagValue returns the value after flag in a command line.
func flagValue(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v
		}
	}
	return ""
}

func TestSystemdUnits(t *testing.T) {
	svc := parseUnit(t, "systemd/epaper-nightly.service")
	timer := parseUnit(t, "systemd/epaper-nightly.timer")

	if svc.get("Unit", "Description") == "" {
		t.Error("service: no Description")
	}
	if got := svc.get("Service", "Type"); got != "oneshot" {
		t.Errorf("service: Type=%s, want oneshot", got)
	}
	exec := strings.Fields(svc.get("Service", "ExecStart"))
	if len(exec) < 2 || filepath.Base(exec[0]) != "epaper" || exec[1] != "build" || !filepath.IsAbs(exec[0]) {
		t.Fatalf("service: ExecStart=%q does not run epaper build", exec)
	}
	for flag, want := range map[string]string{"--all": editionsDir, "--stories": storiesDir, "--out": outDir, "--log-format": "json"} {
		if got := flagValue(exec, flag); got != want {
			t.Errorf("service: ExecStart %s %q, want %q", flag, got, want)
		}
	}
	if !slices.Contains(strings.Fields(strings.Join(svc["Service"]["SuccessExitStatus"], " ")), "3") {
		t.Errorf("service: SuccessExitStatus=%q does not count 3 (published with warnings) as success", svc["Service"]["SuccessExitStatus"])
	}
	if svc.get("Service", "User") == "" && svc.get("Service", "DynamicUser") != "yes" {
		t.Error("service: runs as root (no User= or DynamicUser=yes)")
	}
	for k, want := range map[string]string{"ProtectSystem": "strict", "NoNewPrivileges": "yes", "PrivateTmp": "yes", "ProtectHome": "yes", "UMask": "0022"} {
		if got := svc.get("Service", k); got != want {
			t.Errorf("service: %s=%q, want %q", k, got, want)
		}
	}
	// With ProtectSystem=strict the only writable folder must be the output,
	// and with ProtectHome=yes no input may live under /home.
	rw := strings.Fields(strings.Join(svc["Service"]["ReadWritePaths"], " "))
	if !slices.Contains(rw, flagValue(exec, "--out")) {
		t.Errorf("service: ReadWritePaths=%q does not hold the output folder %s", rw, flagValue(exec, "--out"))
	}
	for _, flag := range []string{"--all", "--stories", "--out"} {
		for _, hidden := range []string{"/home/", "/root/", "/run/user/"} {
			if strings.HasPrefix(flagValue(exec, flag)+"/", hidden) {
				t.Errorf("service: %s %s is hidden by ProtectHome", flag, flagValue(exec, flag))
			}
		}
	}
	if s, err := strconv.Atoi(strings.TrimSuffix(svc.get("Service", "TimeoutStartSec"), "h")); err != nil || s < 1 {
		t.Errorf("service: TimeoutStartSec=%q: a hung build would run for ever", svc.get("Service", "TimeoutStartSec"))
	}

	if got := timer.get("Timer", "OnCalendar"); got != "*-*-* 01:00:00 "+nightTZ {
		t.Errorf("timer: OnCalendar=%q", got)
	}
	if got := timer.get("Timer", "Persistent"); got != "true" {
		t.Errorf("timer: Persistent=%q, want true", got)
	}
	if got := timer.get("Timer", "Unit"); got != "epaper-nightly.service" {
		t.Errorf("timer: Unit=%q, want the service", got)
	}
	if got := timer.get("Install", "WantedBy"); got != "timers.target" {
		t.Errorf("timer: WantedBy=%q, want timers.target", got)
	}
	if _, ok := svc["Install"]; ok {
		t.Error("service: an [Install] section would start the build at boot; the timer starts it")
	}
}

// TestSystemdAnalyze lets systemd itself read the units, when it is
// installed: unknown keys, bad values and calendar expressions.
func TestSystemdAnalyze(t *testing.T) {
	sa := needTool(t, "systemd-analyze")
	timer := parseUnit(t, "systemd/epaper-nightly.timer")
	out, err := exec.Command(sa, "calendar", timer.get("Timer", "OnCalendar")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Next elapse") {
		t.Errorf("systemd-analyze calendar: %v\n%s", err, out)
	}
	// verify wants ExecStart's program to exist: a copy runs /bin/true.
	dir := t.TempDir()
	for _, name := range []string{"epaper-nightly.service", "epaper-nightly.timer"} {
		b, err := os.ReadFile(filepath.Join("systemd", name))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte("ExecStart=/usr/local/bin/epaper "), []byte("ExecStart=/bin/true "))
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(sa, "verify", filepath.Join(dir, "epaper-nightly.service"), filepath.Join(dir, "epaper-nightly.timer"))
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=warning")
	out, err = cmd.CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, dir) || strings.Contains(line, "epaper-nightly") {
			t.Errorf("systemd-analyze verify: %s", line)
		} else if line != "" {
			t.Logf("systemd-analyze verify: %s", line)
		}
	}
	if err != nil && !t.Failed() {
		t.Logf("systemd-analyze verify: %v (nothing about the units)", err)
	}
}

// The Kubernetes objects, as far as the examples use them. Decoding with
// KnownFields catches a misspelt or misplaced field, which the API server
// would otherwise drop or refuse.
type (
	objectMeta struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	}
	configMap struct {
		APIVersion string            `yaml:"apiVersion"`
		Kind       string            `yaml:"kind"`
		Metadata   objectMeta        `yaml:"metadata"`
		Data       map[string]string `yaml:"data"`
	}
	cronJob struct {
		APIVersion string     `yaml:"apiVersion"`
		Kind       string     `yaml:"kind"`
		Metadata   objectMeta `yaml:"metadata"`
		Spec       struct {
			Schedule                   string `yaml:"schedule"`
			TimeZone                   string `yaml:"timeZone"`
			ConcurrencyPolicy          string `yaml:"concurrencyPolicy"`
			StartingDeadlineSeconds    *int64 `yaml:"startingDeadlineSeconds"`
			SuccessfulJobsHistoryLimit *int32 `yaml:"successfulJobsHistoryLimit"`
			FailedJobsHistoryLimit     *int32 `yaml:"failedJobsHistoryLimit"`
			Suspend                    *bool  `yaml:"suspend"`
			JobTemplate                struct {
				Metadata objectMeta `yaml:"metadata"`
				Spec     jobSpec    `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	jobSpec struct {
		CompletionMode          string `yaml:"completionMode"`
		Completions             *int32 `yaml:"completions"`
		Parallelism             *int32 `yaml:"parallelism"`
		BackoffLimit            *int32 `yaml:"backoffLimit"`
		BackoffLimitPerIndex    *int32 `yaml:"backoffLimitPerIndex"`
		MaxFailedIndexes        *int32 `yaml:"maxFailedIndexes"`
		ActiveDeadlineSeconds   *int64 `yaml:"activeDeadlineSeconds"`
		TTLSecondsAfterFinished *int32 `yaml:"ttlSecondsAfterFinished"`
		PodFailurePolicy        *struct {
			Rules []podFailureRule `yaml:"rules"`
		} `yaml:"podFailurePolicy"`
		Template struct {
			Metadata objectMeta `yaml:"metadata"`
			Spec     podSpec    `yaml:"spec"`
		} `yaml:"template"`
	}
	podFailureRule struct {
		Action      string `yaml:"action"`
		OnExitCodes *struct {
			ContainerName string  `yaml:"containerName"`
			Operator      string  `yaml:"operator"`
			Values        []int32 `yaml:"values"`
		} `yaml:"onExitCodes"`
		OnPodConditions []struct {
			Type   string `yaml:"type"`
			Status string `yaml:"status"`
		} `yaml:"onPodConditions"`
	}
	podSpec struct {
		RestartPolicy                 string `yaml:"restartPolicy"`
		TerminationGracePeriodSeconds *int64 `yaml:"terminationGracePeriodSeconds"`
		SecurityContext               *struct {
			RunAsNonRoot   *bool  `yaml:"runAsNonRoot"`
			RunAsUser      *int64 `yaml:"runAsUser"`
			RunAsGroup     *int64 `yaml:"runAsGroup"`
			FSGroup        *int64 `yaml:"fsGroup"`
			SeccompProfile *struct {
				Type string `yaml:"type"`
			} `yaml:"seccompProfile"`
		} `yaml:"securityContext"`
		Containers []container `yaml:"containers"`
		Volumes    []struct {
			Name      string `yaml:"name"`
			ConfigMap *struct {
				Name        string `yaml:"name"`
				DefaultMode *int32 `yaml:"defaultMode"`
			} `yaml:"configMap"`
			PersistentVolumeClaim *struct {
				ClaimName string `yaml:"claimName"`
				ReadOnly  bool   `yaml:"readOnly"`
			} `yaml:"persistentVolumeClaim"`
			EmptyDir *struct {
				Medium    string `yaml:"medium"`
				SizeLimit string `yaml:"sizeLimit"`
			} `yaml:"emptyDir"`
		} `yaml:"volumes"`
	}
	container struct {
		Name            string   `yaml:"name"`
		Image           string   `yaml:"image"`
		ImagePullPolicy string   `yaml:"imagePullPolicy"`
		Command         []string `yaml:"command"`
		Args            []string `yaml:"args"`
		Env             []struct {
			Name  string `yaml:"name"`
			Value string `yaml:"value"`
		} `yaml:"env"`
		Resources struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
		SecurityContext *struct {
			AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
			ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
			Capabilities             *struct {
				Drop []string `yaml:"drop"`
			} `yaml:"capabilities"`
		} `yaml:"securityContext"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
)

func decodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// mebibytes reads a Kubernetes memory quantity in Mi or Gi (and Go's MiB,
// GiB).
func mebibytes(q string) (int, error) {
	for suffix, mul := range map[string]int{"Mi": 1, "Gi": 1024, "MiB": 1, "GiB": 1024} {
		if n, ok := strings.CutSuffix(q, suffix); ok {
			v, err := strconv.Atoi(n)
			return v * mul, err
		}
	}
	return 0, fmt.Errorf("quantity %q is not in Mi or Gi", q)
}

// editionKeys returns the ConfigMap's edition files in byte order, the
// order the pods' indexes follow.
func editionKeys(cm configMap) []string {
	var keys []string
	for k := range cm.Data {
		if strings.HasSuffix(k, ".yaml") || strings.HasSuffix(k, ".yml") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func loadKubernetes(t *testing.T) (cronJob, configMap) {
	t.Helper()
	var cj cronJob
	var cm configMap
	decodeStrict(t, "kubernetes/cronjob.yaml", &cj)
	decodeStrict(t, "kubernetes/configmap-editions.yaml", &cm)
	return cj, cm
}

func TestKubernetesEditionsConfigMap(t *testing.T) {
	_, cm := loadKubernetes(t)
	if cm.APIVersion != "v1" || cm.Kind != "ConfigMap" || cm.Metadata.Name == "" {
		t.Errorf("apiVersion %q kind %q name %q", cm.APIVersion, cm.Kind, cm.Metadata.Name)
	}
	keys := editionKeys(cm)
	if len(keys) < 2 || len(keys) != len(cm.Data) {
		t.Errorf("edition files %q of %d keys", keys, len(cm.Data))
	}
	slugs := map[string]string{}
	for _, k := range keys {
		ed, err := editions.Parse(k, []byte(cm.Data[k]))
		if err != nil {
			t.Errorf("edition %s: %v", k, err)
			continue
		}
		// two editions with one slug would publish into the same folder
		if other, dup := slugs[ed.Slug]; dup {
			t.Errorf("editions %s and %s share the slug %q", other, k, ed.Slug)
		}
		slugs[ed.Slug] = k
	}
}

func TestKubernetesCronJob(t *testing.T) {
	cj, cm := loadKubernetes(t)
	if cj.APIVersion != "batch/v1" || cj.Kind != "CronJob" || cj.Metadata.Name == "" {
		t.Errorf("apiVersion %q kind %q name %q", cj.APIVersion, cj.Kind, cj.Metadata.Name)
	}
	s := cj.Spec
	if err := cronSchedule(strings.Fields(s.Schedule)); err != nil {
		t.Errorf("schedule %q: %v", s.Schedule, err)
	}
	if s.Schedule != "0 1 * * *" {
		t.Errorf("schedule %q, want 0 1 * * *", s.Schedule)
	}
	if strings.Contains(s.Schedule, "TZ") {
		t.Error("time zone in the schedule: Kubernetes refuses CRON_TZ there; use timeZone")
	}
	if s.TimeZone != nightTZ {
		t.Errorf("timeZone %q, want %s", s.TimeZone, nightTZ)
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		t.Error(err)
	}
	if s.ConcurrencyPolicy != "Forbid" {
		t.Errorf("concurrencyPolicy %q, want Forbid", s.ConcurrencyPolicy)
	}
	if s.StartingDeadlineSeconds == nil || *s.StartingDeadlineSeconds <= 0 {
		t.Error("no startingDeadlineSeconds: a missed night is dropped or started at any hour")
	}

	j := s.JobTemplate.Spec
	if j.CompletionMode != "Indexed" {
		t.Errorf("completionMode %q, want Indexed", j.CompletionMode)
	}
	keys := editionKeys(cm)
	if j.Completions == nil || int(*j.Completions) != len(keys) {
		t.Errorf("completions %v, want %d: one pod per edition file of the ConfigMap %s", deref(j.Completions), len(keys), cm.Metadata.Name)
	}
	if j.Parallelism == nil || *j.Parallelism < 1 || j.Completions == nil || *j.Parallelism > *j.Completions {
		t.Errorf("parallelism %v, want 1..completions", deref(j.Parallelism))
	}
	if j.BackoffLimit == nil && j.BackoffLimitPerIndex == nil {
		t.Error("neither backoffLimit nor backoffLimitPerIndex")
	}
	if j.ActiveDeadlineSeconds == nil || *j.ActiveDeadlineSeconds <= 0 || *j.ActiveDeadlineSeconds > 12*3600 {
		t.Errorf("activeDeadlineSeconds %v, want a few hours", deref(j.ActiveDeadlineSeconds))
	}

	pod := j.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	if j.PodFailurePolicy != nil || j.BackoffLimitPerIndex != nil {
		if pod.RestartPolicy != "Never" {
			t.Errorf("restartPolicy %q: podFailurePolicy and backoffLimitPerIndex need Never", pod.RestartPolicy)
		}
	}
	if j.PodFailurePolicy != nil {
		for i, r := range j.PodFailurePolicy.Rules {
			if !slices.Contains([]string{"FailJob", "FailIndex", "Ignore", "Count"}, r.Action) {
				t.Errorf("rule %d: action %q", i, r.Action)
			}
			if r.Action == "FailIndex" && j.BackoffLimitPerIndex == nil {
				t.Errorf("rule %d: FailIndex needs backoffLimitPerIndex", i)
			}
			if (r.OnExitCodes == nil) == (len(r.OnPodConditions) == 0) {
				t.Errorf("rule %d: needs onExitCodes or onPodConditions, not both", i)
			}
			if e := r.OnExitCodes; e != nil {
				if e.ContainerName != "" && e.ContainerName != c.Name {
					t.Errorf("rule %d: container %q, want %q", i, e.ContainerName, c.Name)
				}
				if e.Operator != "In" && e.Operator != "NotIn" {
					t.Errorf("rule %d: operator %q", i, e.Operator)
				}
				if e.Operator == "In" && slices.Contains(e.Values, 0) {
					t.Errorf("rule %d: exit code 0 is success, In may not list it", i)
				}
				if slices.Contains(e.Values, 3) && e.Operator == "In" {
					t.Errorf("rule %d: exit code 3 never reaches the Job: the container ends with 0 when epaper published with warnings", i)
				}
			}
		}
	}

	// the container runs epaper build on the edition its index names
	if len(c.Command) < 3 || c.Command[1] != "-c" || !strings.HasSuffix(c.Command[0], "sh") {
		t.Fatalf("command %q is not a shell script", c.Command)
	}
	script := c.Command[2]
	if !strings.Contains(script, "epaper \"$@\"") || !strings.Contains(script, "set -- build --edition") || !strings.Contains(script, "JOB_COMPLETION_INDEX") {
		t.Errorf("the script does not run epaper build on the index's edition:\n%s", script)
	}
	if c.Image == "" || strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") {
		t.Errorf("image %q: pin a version", c.Image)
	}
	for _, k := range []string{"cpu", "memory"} {
		if c.Resources.Requests[k] == "" || c.Resources.Limits[k] == "" {
			t.Errorf("resources: no %s request or limit", k)
		}
	}
	limit, err := mebibytes(c.Resources.Limits["memory"])
	if err != nil {
		t.Error(err)
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if m, err := mebibytes(env["GOMEMLIMIT"]); err != nil || m >= limit {
		t.Errorf("GOMEMLIMIT %q (%v) not below the memory limit %s", env["GOMEMLIMIT"], err, c.Resources.Limits["memory"])
	}
	if sc := c.SecurityContext; sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		t.Error("the container may escalate privileges or write its root filesystem")
	}
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		t.Error("the pod may run as root")
	}

	// The folders the script reads from its environment are the volumes:
	// the editions from the ConfigMap, stories and output on claims.
	volumes := map[string]int{}
	for i, v := range pod.Volumes {
		volumes[v.Name] = i
	}
	mounts := map[string]struct {
		volume   string
		readOnly bool
	}{}
	for _, m := range c.VolumeMounts {
		if _, ok := volumes[m.Name]; !ok {
			t.Errorf("volume mount %s: no such volume", m.Name)
		}
		mounts[m.MountPath] = struct {
			volume   string
			readOnly bool
		}{m.Name, m.ReadOnly}
	}
	for _, want := range []struct {
		env, path, kind string
		readOnly        bool
	}{
		{"EPAPER_EDITIONS_DIR", editionsDir, "configMap", true},
		{"EPAPER_STORIES", storiesDir, "claim", true},
		{"EPAPER_OUT", outDir, "claim", false},
	} {
		if env[want.env] != want.path {
			t.Errorf("%s=%q, want %s", want.env, env[want.env], want.path)
		}
		m, ok := mounts[env[want.env]]
		if !ok {
			t.Errorf("%s=%s is not a volume mount", want.env, env[want.env])
			continue
		}
		if m.readOnly != want.readOnly {
			t.Errorf("%s mounted readOnly=%v", m.volume, m.readOnly)
		}
		v := pod.Volumes[volumes[m.volume]]
		switch want.kind {
		case "configMap":
			if v.ConfigMap == nil || v.ConfigMap.Name != cm.Metadata.Name {
				t.Errorf("volume %s is not the ConfigMap %s", v.Name, cm.Metadata.Name)
			}
		case "claim":
			if v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName == "" {
				t.Errorf("volume %s is not a PersistentVolumeClaim", v.Name)
			}
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// configMapFolder lays out files as Kubernetes mounts a ConfigMap: the
// files in a hidden timestamped folder, reached through a "..data" link,
// and a link per key.
func configMapFolder(t *testing.T, keys []string) string {
	t.Helper()
	dir := t.TempDir()
	ts := filepath.Join(dir, "..2026_11_29_01_00_00.123456789")
	if err := os.Mkdir(ts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Base(ts), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if err := os.WriteFile(filepath.Join(ts, k), []byte("title: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("..data", k), filepath.Join(dir, k)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestKubernetesEntrypoint(t *testing.T) {
	cj, cm := loadKubernetes(t)
	c := cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0]
	if len(c.Command) < 3 {
		t.Fatalf("command %q", c.Command)
	}
	if _, err := os.Stat(c.Command[0]); err != nil {
		t.Skipf("no %s here to run the entrypoint with", c.Command[0])
	}
	script := filepath.Join(t.TempDir(), "entrypoint.sh")
	if err := os.WriteFile(script, []byte(c.Command[2]), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sh := range []string{c.Command[0], "dash", "bash"} {
		if p, err := exec.LookPath(sh); err == nil {
			if out, err := exec.Command(p, "-n", script).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", sh, err, out)
			}
		}
	}
	shellcheck(t, "sh", script)

	env := func(path, dir string, extra ...string) []string {
		e := []string{"PATH=" + path}
		for _, v := range c.Env {
			e = append(e, v.Name+"="+v.Value)
		}
		e = append(e, "EPAPER_EDITIONS_DIR="+dir, "EPAPER_STORIES=/stories", "EPAPER_OUT=/out")
		return append(e, extra...)
	}

	t.Run("index picks the edition", func(t *testing.T) {
		// the pods of the Job cover the ConfigMap's editions, one each
		keys := editionKeys(cm)
		dir := configMapFolder(t, keys)
		completions := int(*cj.Spec.JobTemplate.Spec.Completions)
		for i := range completions {
			path, argsFile := fakeEpaper(t)
			status, _, stderr := runScript(t, c.Command, env(path, dir, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i))...)
			if status != 0 {
				t.Fatalf("index %d: exit %d\n%s", i, status, stderr)
			}
			want := "build --edition " + filepath.Join(dir, keys[i]) + " --stories /stories --out /out --log-format json"
			if args := readLines(t, argsFile); len(args) != 1 || args[0] != want {
				t.Errorf("index %d: epaper ran as %q, want %q", i, args, want)
			}
		}
		// the second of three files in byte order, whatever order they were made in
		dir = configMapFolder(t, []string{"mumbai.yaml", "bengaluru.yml", "delhi.yaml", "README.md"})
		path, argsFile := fakeEpaper(t)
		if status, _, stderr := runScript(t, c.Command, env(path, dir, "JOB_COMPLETION_INDEX=1", "EPAPER_DATE=2026-11-28")...); status != 0 {
			t.Fatalf("exit %d\n%s", status, stderr)
		}
		want := "build --edition " + filepath.Join(dir, "delhi.yaml") + " --stories /stories --out /out --log-format json --date 2026-11-28"
		if args := readLines(t, argsFile); len(args) != 1 || args[0] != want {
			t.Errorf("epaper ran as %q, want %q", args, want)
		}
	})

	dir := configMapFolder(t, []string{"a.yaml", "b.yaml"})
	for _, tc := range []struct {
		epaper, want int
		log          string
	}{
		{0, 0, ""},
		{3, 0, `"level":"WARN","msg":"edition published with warnings`},
		{1, 1, `"level":"ERROR","msg":"edition not published"`},
		{2, 2, `"level":"ERROR","msg":"edition not published"`},
	} {
		t.Run(fmt.Sprintf("status %d", tc.epaper), func(t *testing.T) {
			path, _ := fakeEpaper(t)
			status, _, stderr := runScript(t, c.Command, env(path, dir, "JOB_COMPLETION_INDEX=0", fmt.Sprintf("FAKE_STATUS=%d", tc.epaper))...)
			if status != tc.want {
				t.Errorf("exit %d, want %d\n%s", status, tc.want, stderr)
			}
			own := strings.TrimSpace(strings.Replace(stderr, `{"level":"INFO","msg":"fake epaper log line","edition":"fake"}`, "", 1))
			if tc.log == "" && own != "" || !strings.Contains(own, tc.log) {
				t.Errorf("stderr %q, want %q", own, tc.log)
			}
			if own != "" {
				var rec map[string]any
				if err := json.Unmarshal([]byte(own), &rec); err != nil || rec["file"] != filepath.Join(dir, "a.yaml") {
					t.Errorf("the entrypoint's line %q is not JSON naming the file: %v", own, err)
				}
			}
		})
	}

	for _, tc := range []struct{ name, index string }{{"index out of range", "2"}, {"no index", ""}, {"bad index", "x1"}} {
		t.Run(tc.name, func(t *testing.T) {
			path, argsFile := fakeEpaper(t)
			status, _, stderr := runScript(t, c.Command, env(path, dir, "JOB_COMPLETION_INDEX="+tc.index)...)
			if status != 2 || !strings.Contains(stderr, "epaper-edition:") {
				t.Errorf("exit %d, stderr %q: want 2 and a message", status, stderr)
			}
			if _, err := os.Stat(argsFile); err == nil {
				t.Error("epaper ran")
			}
		})
	}

	t.Run("SIGTERM reaches epaper", func(t *testing.T) {
		path, argsFile := fakeEpaper(t)
		cmd := exec.Command(c.Command[0], c.Command[1:]...)
		cmd.Env = append(os.Environ(), env(path, dir, "JOB_COMPLETION_INDEX=0", "FAKE_SLEEP=20")...)
		cmd.WaitDelay = 5 * time.Second
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if _, err := os.Stat(argsFile); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("epaper did not start")
			}
		}
		time.Sleep(100 * time.Millisecond) // the fake sets its trap
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the entrypoint did not stop on SIGTERM")
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("exit %v, want epaper's own 1\n%s", err, stderr.String())
		}
		if args := readLines(t, argsFile); !slices.Contains(args, "TERM") {
			t.Errorf("epaper did not get SIGTERM: %q", args)
		}
	})
}

func TestKustomization(t *testing.T) {
	var k struct {
		APIVersion string   `yaml:"apiVersion"`
		Kind       string   `yaml:"kind"`
		Resources  []string `yaml:"resources"`
	}
	decodeStrict(t, "kubernetes/kustomization.yaml", &k)
	files, _ := filepath.Glob("kubernetes/*.yaml")
	var want []string
	for _, f := range files {
		if b := filepath.Base(f); b != "kustomization.yaml" {
			want = append(want, b)
		}
	}
	got := slices.Clone(k.Resources)
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("kustomization resources %q, want every example %q", got, want)
	}
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Log("kubectl is not installed: kustomization not built")
		return
	}
	out, err := exec.Command(kubectl, "kustomize", "kubernetes").CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl kustomize: %v\n%s", err, out)
	}
	for _, kind := range []string{"kind: ConfigMap", "kind: CronJob"} {
		if !bytes.Contains(out, []byte(kind)) {
			t.Errorf("kubectl kustomize output has no %s", kind)
		}
	}
}

func TestREADMEDescribesEveryExample(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	files, _ := filepath.Glob("*/*")
	for _, f := range files {
		if !strings.Contains(readme, filepath.Base(f)) {
			t.Errorf("README.md does not mention %s", f)
		}
	}
	for _, s := range []string{"| 0 |", "| 3 |", "| 1 |", "| 2 |"} {
		if !strings.Contains(readme, s) {
			t.Errorf("README.md has no row %q in its table of exit statuses", s)
		}
	}
}
