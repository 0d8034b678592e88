//go:build !unix

package cli

import "os"

// fileID is not known here: targets are compared by path.
func fileID(os.FileInfo) (string, bool) { return "", false }
