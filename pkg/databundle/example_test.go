package databundle_test

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vendorcheck/vendorcheck/pkg/databundle"
)

// An organisation exports the embedded data, edits it, signs it with its
// own key and reads it back, trusting that key.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "bundle")
	defer os.RemoveAll(dir)
	own := filepath.Join(dir, "acme-data")

	embedded, _ := databundle.Embedded()
	if err := databundle.Export(embedded, own); err != nil {
		panic(err)
	}
	pub, priv, _ := databundle.GenerateKey()
	if err := databundle.Sign(own, priv); err != nil {
		panic(err)
	}
	b, err := databundle.Open(own, databundle.Options{TrustedKeys: []ed25519.PublicKey{pub}})
	fmt.Println(b.Signature, b.KeyID == databundle.KeyID(pub), err)

	// Unsigned, it is refused unless unsigned data is allowed.
	os.Remove(filepath.Join(own, databundle.SignatureName))
	_, err = databundle.Open(own, databundle.Options{})
	fmt.Println(err != nil)
	// Output:
	// verified true <nil>
	// true
}
