package lazyre

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCheckReportsBrokenPatterns(t *testing.T) {
	good := &Regexp{pattern: `^a+$`}
	bad := &Regexp{pattern: `^(a+$`}
	if err := check([]*Regexp{good}); err != nil {
		t.Fatalf("check(good): %v", err)
	}
	err := check([]*Regexp{good, bad, good})
	if err == nil || !strings.Contains(err.Error(), `"^(a+$"`) || strings.Contains(err.Error(), `"^a+$"`) {
		t.Fatalf("check(good, bad, good) = %v, want an error naming the bad pattern only", err)
	}
	if bad.re.Load() != nil || good.re.Load() != nil {
		t.Error("check compiled the expressions themselves")
	}
}

// Each method gives what the compiled expression gives.
func TestMethods(t *testing.T) {
	const pattern = `([a-z]+)=(\d+)`
	const s = "x a=1, bb=22 c"
	r, want := &Regexp{pattern: pattern}, regexp.MustCompile(pattern)
	b := []byte(s)
	if r.String() != want.String() {
		t.Errorf("String = %q, want %q", r.String(), want.String())
	}
	if r.re.Load() != nil {
		t.Fatal("compiled before first use")
	}
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("Match", r.Match(b), want.Match(b))
	if r.re.Load() == nil {
		t.Fatal("not compiled after first use")
	}
	check("MatchString", r.MatchString("nope"), want.MatchString("nope"))
	check("FindIndex", r.FindIndex(b), want.FindIndex(b))
	check("FindString", r.FindString(s), want.FindString(s))
	check("FindStringIndex", r.FindStringIndex(s), want.FindStringIndex(s))
	check("FindSubmatch", r.FindSubmatch(b), want.FindSubmatch(b))
	check("FindStringSubmatch", r.FindStringSubmatch(s), want.FindStringSubmatch(s))
	check("FindAllSubmatch", r.FindAllSubmatch(b, -1), want.FindAllSubmatch(b, -1))
	check("ReplaceAllString", r.ReplaceAllString(s, "<$2>"), want.ReplaceAllString(s, "<$2>"))
}

// The first uses, racing, compile once and all see the expression (run
// with -race).
func TestConcurrentFirstUse(t *testing.T) {
	r := &Regexp{pattern: `^b+$`}
	var wg sync.WaitGroup
	got := make([]bool, 8)
	seen := make([]*regexp.Regexp, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = r.MatchString("bbb")
			seen[i] = r.get()
		}()
	}
	wg.Wait()
	if slices.Contains(got, false) {
		t.Errorf("MatchString results %v, want all true", got)
	}
	for _, re := range seen {
		if re != seen[0] {
			t.Fatal("the expression was compiled more than once")
		}
	}
}

func TestNewRegistersAndCompiledReports(t *testing.T) {
	const pattern = `^registered-in-test$`
	r := New(pattern)
	defer func() { // leave the registry as the packages made it
		mu.Lock()
		all = slices.DeleteFunc(all, func(x *Regexp) bool { return x == r })
		mu.Unlock()
	}()
	if slices.Contains(Compiled(), pattern) {
		t.Fatal("Compiled lists a pattern not used yet")
	}
	if !r.MatchString("registered-in-test") {
		t.Fatal("no match")
	}
	if !slices.Contains(Compiled(), pattern) {
		t.Error("Compiled does not list a pattern used")
	}
}
