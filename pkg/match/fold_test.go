package match

import (
	"slices"
	"testing"
)

func TestSplitContact(t *testing.T) {
	for _, tc := range []struct {
		in       string
		name     string
		contacts []string
	}{
		{"AO Kaspersky Lab <info@kaspersky.com>", "AO Kaspersky Lab", []string{"info@kaspersky.com"}},
		{"Kaspersky Lab (https://www.kaspersky.com)", "Kaspersky Lab", []string{"https://www.kaspersky.com"}},
		{"ZTE Corporation, opensource@zte.com.cn", "ZTE Corporation", []string{"opensource@zte.com.cn"}},
		{"Huawei <a@huawei.com> (https://huawei.com)", "Huawei", []string{"a@huawei.com", "https://huawei.com"}},
		{"Huawei Technologies (Deutschland) GmbH", "Huawei Technologies (Deutschland) GmbH", nil},
		{"Example Widgets (Beijing) Ltd.", "Example Widgets (Beijing) Ltd.", nil},
		{"support@kaspersky.com", "", []string{"support@kaspersky.com"}},
		{"Jane Doe ()", "Jane Doe ()", nil}, // no contact at all: left as written (tokens drop the brackets)
		{"a (b", "a (b", nil},
	} {
		name, contacts := splitContact(tc.in)
		if name != tc.name || !slices.Equal(contacts, tc.contacts) {
			t.Errorf("splitContact(%q) = %q, %q; want %q, %q", tc.in, name, contacts, tc.name, tc.contacts)
		}
	}
}

func TestContactHost(t *testing.T) {
	for in, want := range map[string]string{
		"info@kaspersky.com":                     "kaspersky.com",
		"mailto:psirt@ZTE.com.cn":                "zte.com.cn",
		"https://user:pw@www.Huawei.com:8443/en": "www.huawei.com",
		"https://huawei.com.example.net/x":       "huawei.com.example.net",
		"www.hikvision.com/en":                   "www.hikvision.com",
		"git@github.com:huaweicloud/x.git":       "github.com",
		"http://localhost:8080":                  "",
		"not an address":                         "",
		"@huawei.com":                            "",
		"https://xn--fiqs8s.example/":            "xn--fiqs8s.example",
	} {
		if got := contactHost(in); got != want {
			t.Errorf("contactHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodeHostOwner(t *testing.T) {
	for in, want := range map[string][2]string{
		"https://github.com/HuaweiCloud/huaweicloud-sdk-go-v3": {"github.com", "HuaweiCloud"},
		"git+https://github.com/Ezviz-OpenBiz/x.git":           {"github.com", "Ezviz-OpenBiz"},
		"git@gitee.com:openeuler/kernel.git":                   {"gitee.com", "openeuler"},
		"https://www.github.com/dji-sdk?tab=repositories":      {"github.com", "dji-sdk"},
		"https://github.com/":                                  {"", ""},
		"https://example.org/huaweicloud/x":                    {"", ""},
	} {
		h, o := codeHostOwner(in)
		if h != want[0] || o != want[1] {
			t.Errorf("codeHostOwner(%q) = %q, %q; want %q", in, h, o, want)
		}
	}
}

func TestLookalikeAndLeet(t *testing.T) {
	for in, want := range map[string]string{
		"Huаwei":   "Huawei", // Cyrillic а
		"ΖΤΕ":      "ZTE",    // Greek capitals
		"DJІ":      "DJI",    // Cyrillic capital І
		"Hüawéi":   "Huawei", // combining marks
		"华为ファーウェイ": "华为ファーウェイ",
	} {
		if got, _ := lookalike(in); got != want {
			t.Errorf("lookalike(%q) = %q, want %q", in, got, want)
		}
	}
	if _, changed := lookalike("Micron Technology"); changed {
		t.Error("lookalike changed plain ASCII")
	}
	m := newMatcher(t)
	for in, want := range map[string]bool{"Hu4wei": true, "H1KV1S10N": true, "Kasp3r$ky": true, "DS-2CD2143G2-I": false, "log4j": false, "Huawei-3Com": false} {
		if got := m.leetSpells(in); got != want {
			t.Errorf("leetSpells(%q) = %v, want %v", in, got, want)
		}
	}
}
