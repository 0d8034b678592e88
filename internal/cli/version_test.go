package cli

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveBuild(t *testing.T) {
	vcs := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/vendorcheck/vendorcheck", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-30T09:15:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	goInstall := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/vendorcheck/vendorcheck", Version: "v1.2.3"},
	}
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  build
	}{
		{
			name:    "release stamps win over build info",
			version: "v1.4.0", commit: "fedcba9876543210fedcba9876543210fedcba98", date: "2026-12-01T10:00:00Z",
			bi:   vcs,
			want: build{Version: "v1.4.0", Commit: "fedcba9876543210fedcba9876543210fedcba98", Date: "2026-12-01T10:00:00Z", Go: "go1.26.8"},
		},
		{
			name: "build in a checkout: vcs revision and time",
			bi:   vcs,
			want: build{Version: "devel", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-11-30T09:15:00Z", Dirty: true, Go: "go1.26.8"},
		},
		{
			name: "go install module@version: module version",
			bi:   goInstall,
			want: build{Version: "v1.2.3", Commit: "unknown", Date: "unknown", Go: "go1.26.8"},
		},
		{
			name:    "only a version stamp (Dockerfile, Action from source)",
			version: "v1.2.3",
			bi:      vcs,
			want:    build{Version: "v1.2.3", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-11-30T09:15:00Z", Dirty: true, Go: "go1.26.8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolveBuild(tt.version, tt.commit, tt.date, tt.bi)
			if got != tt.want {
				t.Errorf("resolveBuild = %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if got := resolveBuild("", "", "", nil); got.Version != "devel" || got.Commit != "unknown" || got.Date != "unknown" {
		t.Errorf("no build info: %+v", got)
	}
}

// TestVersionFlag: --version and the version command print the stamped
// version, commit and date.
func TestVersionFlag(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	version, commit, date = "v9.8.7", "abcdef0123456789abcdef0123456789abcdef01", "2026-12-03T08:00:00Z"
	for _, args := range [][]string{{"--version"}, {"version"}} {
		var out, errb bytes.Buffer
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		for _, want := range []string{"vendorcheck v9.8.7\n", "commit: abcdef0123456789abcdef0123456789abcdef01\n", "date: 2026-12-03T08:00:00Z\n", "go: go"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out.String())
			}
		}
	}
}
