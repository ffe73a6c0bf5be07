package helmtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
)

// helm lint's semantics, strict (warnings fail too), through the SDK's lint action: Chart.yaml,
// values.yaml, every template (NOTES.txt included) rendered for each combination.
func TestLint(t *testing.T) {
	for name, sets := range map[string][]string{
		"defaults":    nil,
		"persistence": {"persistence.enabled=true"},
		"secret":      {"adminToken.existingSecret=sandbox-admin"},
		"tls secret":  {"tls.mode=secret", "tls.secretName=sandbox-cert"},
		"tls ca":      {"tls.mode=ca"},
		"ingress":     {"ingress.enabled=true"},
		"scenarios":   {"scenarios={kakao-maintenance}", "fixtures=empty"},
	} {
		t.Run(name, func(t *testing.T) {
			lint := action.NewLint()
			lint.Strict = true
			lint.KubeVersion = kubeVersion
			res := lint.Run([]string{chartDir}, values(t, sets...))
			assert.Equal(t, 1, res.TotalChartsLinted)
			assert.Empty(t, res.Errors)
			for _, m := range res.Messages {
				assert.Less(t, m.Severity, support.WarningSev, "%s", m.Err)
			}
		})
	}
}

// Values the chart cannot do without, or cannot take, fail both lint and install. values.schema.json
// names them (schemaWant), for helm lint, install and template alike; the templates' own required
// and fail (want) say it again where the schema is skipped (--skip-schema-validation) or cannot
// (the Ingress's hosts). helm lint tolerates required and fail on purpose (a chart lints with
// values still to come): the schema is what makes lint refuse bad values.
func TestRequiredValues(t *testing.T) {
	skipSchema := func(i *action.Install) { i.SkipSchemaValidation = true }
	for _, c := range []struct {
		sets             []string
		want, schemaWant string
	}{
		{[]string{"tls.mode=secret"}, "tls.secretName is required with tls.mode secret", "at '/tls/secretName': minLength"},
		{[]string{"tls.mode=yes"}, `tls.mode "yes": want none, secret or ca`, "at '/tls/mode': value must be one of"},
		{[]string{"fixtures="}, "fixtures: want builtin-demo, empty, or a fixtures document", "at '/fixtures': minLength"},
		{[]string{"scenarios={Kakao Maintenance}"}, `scenarios: "Kakao Maintenance" is no scenario name`, "at '/scenarios/0'"},
		{[]string{"ingress.enabled=true", "ingress.hosts=null"}, "ingress.hosts: name at least one host", ""},
		{[]string{"persistance.enabled=true"}, "", "additional properties 'persistance' not allowed"},
	} {
		t.Run(strings.Join(c.sets, ","), func(t *testing.T) {
			if c.schemaWant != "" {
				_, err := install(values(t, c.sets...))
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.schemaWant)
			}
			if c.want != "" {
				_, err := install(values(t, c.sets...), skipSchema)
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.want)
			}

			lint := action.NewLint()
			lint.KubeVersion = kubeVersion
			res := lint.Run([]string{chartDir}, values(t, c.sets...))
			var msgs []string
			for _, e := range res.Errors {
				msgs = append(msgs, e.Error())
			}
			if c.schemaWant == "" {
				assert.Empty(t, msgs, "helm lint tolerates required")
				return
			}
			assert.Contains(t, strings.Join(msgs, "\n"), c.schemaWant)
		})
	}
}

// NOTES.txt is there, renders for every release, and says how to reach the sandbox and its token.
func TestNotes(t *testing.T) {
	_, err := os.Stat(filepath.Join(chartDir, "templates", "NOTES.txt"))
	require.NoError(t, err)
	r := render(t, values(t))
	for _, want := range []string{
		"http://sbx-pr-123-kakao-sandbox.sandboxes.svc:80",
		"port-forward svc/sbx-pr-123-kakao-sandbox 8080:80",
		"fresh state at every start of the pod",
		"fixtures: builtin-demo",
		"helm test sbx-pr-123 -n sandboxes",
	} {
		assert.Contains(t, r.Notes, want)
	}
	assert.NotContains(t, r.Notes, "/kakao-sandbox ca", "no CA without tls.mode ca")
	assert.Contains(t, render(t, values(t, "persistence.enabled=true")).Notes, "state kept on a volume")
}

// chart-testing installs the chart in a real cluster: kind and ct are needed, and a cluster
// they reach (KAKAO_SANDBOX_CT=1 says there is one). Everything above runs without them.
func TestInstallOnKind(t *testing.T) {
	for _, tool := range []string{"ct", "kind", "helm", "kubectl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: `ct install` on kind is not run here (docs/kubernetes.md shows it); the chart's rendering, decoding and lint are tested above", tool)
		}
	}
	if os.Getenv("KAKAO_SANDBOX_CT") != "1" {
		t.Skip("ct and kind found: set KAKAO_SANDBOX_CT=1 with a kind cluster running (and the image loaded) to run `ct install`")
	}
	out, err := exec.Command("ct", "install", "--charts", chartDir).CombinedOutput()
	require.NoError(t, err, "%s", out)
}
