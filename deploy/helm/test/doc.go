// Package helmtest renders the kakao-sandbox Helm chart (../kakao-sandbox) with the Helm SDK,
// offline, and decodes every rendered object strictly into its Kubernetes API type. It is a
// module of its own so that Helm and the Kubernetes API types stay out of the sandbox's go.mod;
// docs/kubernetes.md says what it checks.
package helmtest
