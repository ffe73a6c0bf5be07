//go:build !unix

package store

import "os"

// unlock has nothing to do where bbolt's lock ends with its handle.
func unlock(*os.File) {}
