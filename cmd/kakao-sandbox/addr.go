package main

import (
	"fmt"
	"net"
	"strconv"
)

// checkAddr refuses a listen address net.Listen would refuse, saying what to
// write instead: "8081" is the common slip.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		if n, err := strconv.Atoi(addr); err == nil && n >= 0 && n <= 65535 {
			return fmt.Errorf("--addr %q: want HOST:PORT; did you mean 127.0.0.1:%d?", addr, n)
		}
		return fmt.Errorf("--addr %q: want HOST:PORT, like 127.0.0.1:8080 (or :8080 for every interface)", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("--addr %q: the port %q is not a number from 0 to 65535", addr, port)
	}
	return nil
}
