package spdx

import (
	"fmt"
	"strings"
	"sync"
)

// keyField is what the streaming JSON reader does with a key of an object:
// one of the fields it reads, or kSkip. The zero keyField is no entry.
type keyField uint8

const (
	kSkip keyField = 1 + iota
	kID
	kName
	kVersion
	kPurpose
	kDescription
	kSummary
	kHomepage
	kDownload
	kSupplier
	kOriginator
	kRefs
	kRefType
	kRefLocator
	kRefChecked // read as a string and not kept
	kElement
	kRelated
	kRelType
)

// fieldKeys resolves the keys of one kind of object. encoding/json, and so
// tools-golang, matches field names case-insensitively: a key is folded to
// lower case and looked up among the names. Keys as SPDX JSON writes them
// (the names of the specification, those read and those skipped) are
// first looked up as they are, in a small table with one slot each, which
// spares folding nearly every key of a document. Both lookups come from
// one list, so that they agree (TestFieldKeys).
type fieldKeys struct {
	slots  []fieldSlot
	seed   uint
	folded map[string]keyField // lower-case names of the fields read
}

type fieldSlot struct {
	key string
	f   keyField
}

func newFieldKeys(names []fieldSlot) *fieldKeys {
	fk := &fieldKeys{folded: map[string]keyField{}}
	all := map[string]keyField{}
	for _, n := range names {
		low := strings.ToLower(n.key)
		if f, dup := all[low]; dup && f != n.f || n.key == "" || n.f == 0 {
			panic(fmt.Sprintf("spdx: key %q names two fields, or none", n.key))
		}
		all[low] = n.f
		if n.f != kSkip {
			fk.folded[low] = n.f
		}
	}
	// The smallest table, and the first seed, that give each name a slot
	// of its own.
	for size := 16; ; size *= 2 {
		for seed := uint(1); seed < 256; seed++ {
			fk.slots, fk.seed = make([]fieldSlot, size), seed
			ok := true
			for _, n := range names {
				sl := &fk.slots[fk.slot([]byte(n.key))]
				if sl.f != 0 {
					ok = false
					break
				}
				*sl = n
			}
			if ok {
				return fk
			}
		}
	}
}

// slot is the table slot of key (not empty): its length and three of its
// bytes.
func (fk *fieldKeys) slot(key []byte) int {
	n := uint(len(key))
	h := n*fk.seed + uint(key[0])*31 + uint(key[n-1])*7 + uint(key[n/2])*fk.seed*3
	return int(h^h>>7) & (len(fk.slots) - 1)
}

// lookup returns the field of key, folding it into *fold when it is not
// written as a name is.
func (fk *fieldKeys) lookup(key []byte, fold *[]byte) keyField {
	if len(key) > 0 {
		if sl := &fk.slots[fk.slot(key)]; sl.key == string(key) {
			return sl.f
		}
	}
	*fold = foldKey(*fold, key)
	if f, ok := fk.folded[string(*fold)]; ok {
		return f
	}
	return kSkip
}

// The keys of a package, an external reference and a relationship, as
// SPDX 2.3 JSON writes them.
var (
	packageKeyNames = []fieldSlot{
		{"SPDXID", kID}, {"name", kName}, {"versionInfo", kVersion},
		{"primaryPackagePurpose", kPurpose}, {"description", kDescription},
		{"summary", kSummary}, {"homepage", kHomepage},
		{"downloadLocation", kDownload}, {"supplier", kSupplier},
		{"originator", kOriginator}, {"externalRefs", kRefs},
		{"filesAnalyzed", kSkip}, {"licenseConcluded", kSkip},
		{"licenseDeclared", kSkip}, {"licenseInfoFromFiles", kSkip},
		{"copyrightText", kSkip}, {"checksums", kSkip},
		{"packageFileName", kSkip}, {"packageVerificationCode", kSkip},
		{"sourceInfo", kSkip}, {"licenseComments", kSkip},
		{"comment", kSkip}, {"attributionTexts", kSkip},
		{"annotations", kSkip}, {"hasFiles", kSkip},
		{"builtDate", kSkip}, {"releaseDate", kSkip},
		{"validUntilDate", kSkip},
	}
	externalRefKeyNames = []fieldSlot{
		{"referenceType", kRefType}, {"referenceLocator", kRefLocator},
		{"referenceCategory", kRefChecked}, {"comment", kRefChecked},
	}
	relationshipKeyNames = []fieldSlot{
		{"spdxElementId", kElement}, {"relatedSpdxElement", kRelated},
		{"relationshipType", kRelType}, {"comment", kSkip},
	}

	// The tables are built on first use, not at start-up: finding their
	// seeds takes milliseconds, which every command would pay.
	packageKeys      = sync.OnceValue(func() *fieldKeys { return newFieldKeys(packageKeyNames) })
	externalRefKeys  = sync.OnceValue(func() *fieldKeys { return newFieldKeys(externalRefKeyNames) })
	relationshipKeys = sync.OnceValue(func() *fieldKeys { return newFieldKeys(relationshipKeyNames) })
)
