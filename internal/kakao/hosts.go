package kakao

import "strings"

// Hosts are Kakao's API hosts, which Kakao's SDKs and many clients write into
// their code. The sandbox answers for all three (its paths are disjoint), and
// its TLS certificate names them (docs/architecture.md).
var Hosts = []string{"kauth.kakao.com", "kapi.kakao.com", "apis.moment.kakao.com"}

// IsHost reports whether name, a host name without a port, is one of Hosts.
func IsHost(name string) bool {
	for _, h := range Hosts {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}
