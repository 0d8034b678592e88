// Package lazyre holds regular expressions that are compiled on first use
// instead of at start-up.
//
// Every reader, loader and matcher keeps a few patterns at package level.
// Compiled there, they cost every command their compilation, `vendorcheck
// version` included, whether or not the input needs them. A Regexp made by
// New compiles its pattern the first time a method is called; after that a
// call costs one atomic load more than the compiled expression's own.
//
// New registers its pattern, and Check compiles every registered one, so a
// test finds a pattern that does not compile before a user's run does.
package lazyre

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
	"sync/atomic"
)

// Regexp is a regular expression compiled on first use. It is safe for
// concurrent use, as regexp.Regexp is.
type Regexp struct {
	pattern string
	re      atomic.Pointer[regexp.Regexp]
	once    sync.Once
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns the expression of pattern, to be compiled on first use.
// Call it only to initialise a package-level variable: each call
// registers its pattern for Check.
func New(pattern string) *Regexp {
	r := &Regexp{pattern: pattern}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// Check compiles every pattern registered so far (those of the packages
// the program links) and reports those that do not compile. It leaves
// the expressions themselves uncompiled.
func Check() (n int, err error) {
	mu.Lock()
	rs := append([]*Regexp(nil), all...)
	mu.Unlock()
	return len(rs), check(rs)
}

func check(rs []*Regexp) error {
	var errs []error
	for _, r := range rs {
		if _, e := regexp.Compile(r.pattern); e != nil {
			errs = append(errs, fmt.Errorf("lazyre: %q: %w", r.pattern, e))
		}
	}
	return errors.Join(errs...)
}

// Compiled returns the patterns compiled so far, in registration order.
func Compiled() []string {
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for _, r := range all {
		if r.re.Load() != nil {
			out = append(out, r.pattern)
		}
	}
	return out
}

// get returns the compiled expression; the first call compiles it.
func (r *Regexp) get() *regexp.Regexp {
	if re := r.re.Load(); re != nil {
		return re
	}
	return r.compile()
}

func (r *Regexp) compile() *regexp.Regexp {
	r.once.Do(func() { r.re.Store(regexp.MustCompile(r.pattern)) })
	return r.re.Load()
}

// String returns the pattern.
func (r *Regexp) String() string { return r.pattern }

// Match is regexp.Regexp.Match.
func (r *Regexp) Match(b []byte) bool { return r.get().Match(b) }

// MatchString is regexp.Regexp.MatchString.
func (r *Regexp) MatchString(s string) bool { return r.get().MatchString(s) }

// FindIndex is regexp.Regexp.FindIndex.
func (r *Regexp) FindIndex(b []byte) []int { return r.get().FindIndex(b) }

// FindString is regexp.Regexp.FindString.
func (r *Regexp) FindString(s string) string { return r.get().FindString(s) }

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (r *Regexp) FindStringIndex(s string) []int { return r.get().FindStringIndex(s) }

// FindSubmatch is regexp.Regexp.FindSubmatch.
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.get().FindSubmatch(b) }

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.get().FindStringSubmatch(s) }

// FindAllSubmatch is regexp.Regexp.FindAllSubmatch.
func (r *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte { return r.get().FindAllSubmatch(b, n) }

// ReplaceAllString is regexp.Regexp.ReplaceAllString.
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.get().ReplaceAllString(src, repl)
}
