// Package tools pins the command-line tools CI runs that are Go programs
// too heavy for the sandbox's go.mod: actionlint (the GitHub Actions
// workflows) and cyclonedx-gomod (the releases' SBOM). A module of its own,
// so their dependencies stay out of the sandbox's; run them from here with
// `go tool NAME` (.ci/lint, scripts/release.sh).
package tools
