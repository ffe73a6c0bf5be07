// Package interop holds no code, only tests: they drive the sandbox with
// real client libraries and a real browser (golang.org/x/oauth2,
// coreos/go-oidc, zitadel/oidc's relying party, and headless Chromium
// through chromedp), through the public packages sandbox and
// sandbox/sandboxtest, over real HTTP. It is a module of its own so that
// those libraries stay out of the sandbox's go.mod.
//
// Run it from this directory with go test ./...; the browser test skips
// when chromium is not on the PATH.
package interop
