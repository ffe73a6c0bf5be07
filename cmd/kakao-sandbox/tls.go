package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// HTTPS for clients that hard-code Kakao's URLs (docs/https.md, "Kakao's
// host names"): a local CA, made once per data directory (or, without
// --data, once in the user's configuration directory: caDir) and kept, so
// that a CA trusted once stays trusted, signs a fresh server certificate at
// each start for the Kakao hosts and this machine's loopback names.

const (
	// Not kakao-sandbox-ca.pem: "kakao-sandbox ca > kakao-sandbox-ca.pem",
	// run beside the data file, would empty the CA before reading it.
	caCertFile   = "kakao-sandbox-ca.crt"
	caKeyFile    = "kakao-sandbox-ca.key"
	caValidity   = 10 * 365 * 24 * time.Hour
	leafValidity = 365 * 24 * time.Hour
	// clockSkew back-dates certificates, so a machine whose clock is a little
	// behind this one's still accepts them.
	clockSkew = time.Hour
)

// serverNames are the names the generated certificate is valid for.
var serverNames = append([]string{"localhost"}, kakao.Hosts...)

var serverIPs = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}

// caHome is the directory the local CA lives in (caDir).
type caHome struct {
	dir    string
	config bool // the user's configuration directory (no --data), made if missing
}

// paths are the CA's files in its directory.
func (h caHome) paths() (cert, key string) {
	return filepath.Join(h.dir, caCertFile), filepath.Join(h.dir, caKeyFile)
}

// localCA is the sandbox's certificate authority.
type localCA struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	pem     []byte
	created bool // made by this call, not read from disk
}

// loadOrCreateCA reads the CA in home, or makes one if there is none yet.
// A key without its certificate is an interrupted creation (the certificate
// is written last), so nobody can trust it yet and it is replaced; so is an
// empty certificate, which only a shell's redirection makes.
func loadOrCreateCA(home caHome) (*localCA, error) {
	certPath, keyPath := home.paths()
	certPEM, err := os.ReadFile(certPath)
	switch {
	case errors.Is(err, fs.ErrNotExist), err == nil && len(certPEM) == 0:
		return createCA(home)
	case err != nil:
		return nil, fmt.Errorf("the sandbox's CA: %w", err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("the sandbox's CA: %w (its certificate %s is there without its key: restore the key, or delete the certificate to make a new CA, which clients must then trust again)", err, certPath)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("the sandbox's CA in %s and %s: %w (delete both to make a new CA, which clients must then trust again)", certPath, keyPath, err)
	}
	key, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the sandbox's CA key %s: want an ECDSA key, as the sandbox makes (delete both files to make a new CA)", keyPath)
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("the sandbox's CA %s: %w", certPath, err)
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("the sandbox's CA %s is not a CA certificate (delete both files to make a new CA)", certPath)
	}
	return &localCA{cert: cert, key: key, pem: certPEM}, nil
}

func createCA(home caHome) (*localCA, error) {
	certPath, keyPath := home.paths()
	where := "the CA is kept beside the data file: give --data a directory you can write"
	if home.config {
		where = "without --data the CA is kept in " + home.dir + ": set XDG_CONFIG_HOME to a directory you can write, or give --data, beside which it is kept"
		if err := os.MkdirAll(home.dir, 0o700); err != nil {
			return nil, fmt.Errorf("the sandbox's CA: %w (%s)", err, where)
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               pkix.Name{CommonName: "kakao-sandbox local CA", Organization: []string{"kakao-sandbox"}},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(caValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := writeFileAtomic(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, fmt.Errorf("the sandbox's CA: %w (%s)", err, where)
	}
	if err := writeFileAtomic(certPath, certPEM, 0o644); err != nil {
		return nil, fmt.Errorf("the sandbox's CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &localCA{cert: cert, key: key, pem: certPEM, created: true}, nil
}

// writeFileAtomic writes a whole file or none, so a crash cannot leave half
// a key.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if pathErr := (*fs.PathError)(nil); errors.As(err, &pathErr) {
		return fmt.Errorf("write %s: %w", path, pathErr.Err) // not the temporary name
	} else if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// serverCertificate makes a certificate for serverNames and serverIPs,
// signed by the CA. It lives only in memory: a new one each start.
func (ca *localCA) serverCertificate() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	notAfter := now.Add(leafValidity)
	if ca.cert.NotAfter.Before(notAfter) {
		notAfter = ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serialNumber(),
		Subject:      pkix.Name{CommonName: "kakao-sandbox", Organization: []string{"kakao-sandbox"}},
		NotBefore:    now.Add(-clockSkew),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     serverNames,
		IPAddresses:  serverIPs,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}, nil
}

// serialNumber is a random 128-bit serial, as RFC 5280 asks of a CA.
func serialNumber() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return n
}

// tlsSettings are the serve flags that choose HTTPS.
type tlsSettings struct {
	on                bool
	certFile, keyFile string
}

// serverTLS is the TLS configuration serve listens with, and a line to log
// about where its certificate came from; nil when HTTPS is off.
// The CA is kept where caDir says for data, serve's --data ("" for none).
func serverTLS(s tlsSettings, data string, getenv func(string) string) (*tls.Config, []any, error) {
	if (s.certFile == "") != (s.keyFile == "") {
		return nil, nil, errors.New("--tls-cert and --tls-key go together: give the certificate and its key, or neither for the sandbox's own CA")
	}
	if s.certFile != "" {
		pair, err := tls.LoadX509KeyPair(s.certFile, s.keyFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--tls-cert %q --tls-key %q: %w (want a PEM certificate, chain after it, and its PEM key; or leave both out and use --tls alone for the sandbox's own CA)", s.certFile, s.keyFile, err)
		}
		return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}, []any{"tls_cert", s.certFile}, nil
	}
	if !s.on {
		return nil, nil, nil
	}
	home, err := caDir(data, getenv)
	if err != nil {
		return nil, nil, err
	}
	ca, err := loadOrCreateCA(home)
	if err != nil {
		return nil, nil, err
	}
	leaf, err := ca.serverCertificate()
	if err != nil {
		return nil, nil, err
	}
	certPath, _ := home.paths()
	return &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12},
		[]any{"ca", certPath, "ca_created", ca.created, "names", serverNames, "ips", serverIPs}, nil
}

// healthcheckTLS trusts only the sandbox's own certificate: the local CA
// where caDir says for data (the sandbox's --data), or certFile, the
// certificate given to serve. It checks the chain but not the names:
// healthcheck dials the address it is given, which a certificate for other
// names (--tls-cert) need not carry.
func healthcheckTLS(certFile, data string, getenv func(string) string) (*tls.Config, error) {
	path := certFile
	if path == "" {
		home, err := caDir(data, getenv)
		if err != nil {
			return nil, err
		}
		path, _ = home.paths()
	}
	certPEM, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the certificate to trust: %w (give --data as the sandbox's, none if it has none, or --tls-cert)", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(certPEM) {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return &tls.Config{
		InsecureSkipVerify: true, // the names only: VerifyConnection checks the chain
		VerifyConnection: func(cs tls.ConnectionState) error {
			opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(opts)
			return err
		},
	}, nil
}

// serverErrorLog takes the HTTP server's own complaints into the sandbox's
// log. A failed TLS handshake is most often a client that does not trust the
// sandbox's certificate yet, so it says where to look.
//
// They are rate-limited (rule R13): a client that connects and closes in a
// loop made one line each, 143,756 in 10 s. Of each kind (handshake errors,
// the rest), the first warnBurst in a warnInterval are logged, and one line
// at the interval's end says how many more there were.
type serverErrorLog struct {
	logger *slog.Logger
	mu     sync.Mutex
	kinds  map[string]*warnWindow
}

const (
	warnBurst    = 5
	warnInterval = 10 * time.Second
)

// warnWindow counts one kind of warning in the current interval.
type warnWindow struct {
	logged, dropped int
	open            bool // an interval is running; its timer ends it
}

func newServerErrorLog(logger *slog.Logger) *serverErrorLog {
	return &serverErrorLog{logger: logger, kinds: map[string]*warnWindow{}}
}

func (w *serverErrorLog) Write(p []byte) (int, error) {
	msg := strings.TrimSpace(string(p))
	kind, hint := "server", ""
	if strings.Contains(msg, "TLS handshake error") {
		kind, hint = "TLS handshake error", "a client that does not trust the sandbox's certificate yet? Trust the CA 'kakao-sandbox ca' prints (docs/https.md, Trusting the CA)"
	}
	if !w.allow(kind) {
		return len(p), nil
	}
	if hint != "" {
		w.logger.Warn(msg, "hint", hint)
	} else {
		w.logger.Warn(msg)
	}
	return len(p), nil
}

// allow counts one warning of kind and reports whether to log it.
func (w *serverErrorLog) allow(kind string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	win := w.kinds[kind]
	if win == nil {
		win = &warnWindow{}
		w.kinds[kind] = win
	}
	if !win.open {
		win.open = true
		time.AfterFunc(warnInterval, func() { w.endInterval(kind) })
	}
	if win.logged < warnBurst {
		win.logged++
		return true
	}
	win.dropped++
	return false
}

// endInterval says how many warnings of kind were not logged, and starts
// counting afresh.
func (w *serverErrorLog) endInterval(kind string) {
	w.mu.Lock()
	win := w.kinds[kind]
	dropped := win.dropped
	*win = warnWindow{}
	w.mu.Unlock()
	if dropped > 0 {
		w.logger.Warn(fmt.Sprintf("%d more like the above (%s) in the last %s, not logged", dropped, kind, warnInterval),
			"kind", kind, "not_logged", dropped)
	}
}
