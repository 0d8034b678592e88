//go:build unix

package cli

import (
	"fmt"
	"os"
	"syscall"
)

// fileID is a file's device and inode.
func fileID(st os.FileInfo) (string, bool) {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%d:%d", s.Dev, s.Ino), true
}
