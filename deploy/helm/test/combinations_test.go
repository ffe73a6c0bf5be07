package helmtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
)

// Each documented combination (docs/kubernetes.md), rendered and decoded.

func TestPersistence(t *testing.T) {
	r := render(t, values(t, "persistence.enabled=true", "persistence.size=2Gi", "persistence.storageClass=fast"))
	require.NotNil(t, r.PVC, "persistence.enabled makes a claim")
	assert.Equal(t, "sbx-pr-123-kakao-sandbox-data", r.PVC.Name)
	assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}, r.PVC.Spec.AccessModes)
	assert.Equal(t, "2Gi", r.PVC.Spec.Resources.Requests.Storage().String())
	assert.Equal(t, "fast", *r.PVC.Spec.StorageClassName)
	data := r.volume(t, "/data")
	require.NotNil(t, data.PersistentVolumeClaim)
	assert.Equal(t, r.PVC.Name, data.PersistentVolumeClaim.ClaimName)
	assert.Equal(t, "/data/kakao-sandbox.db", r.env(t)["KAKAO_SANDBOX_DATA"].Value, "state kept in a file on the volume")

	r = render(t, values(t, "persistence.enabled=true", "persistence.existingClaim=team-a-sandbox"))
	assert.Nil(t, r.PVC, "an existing claim: the chart makes none")
	assert.Equal(t, "team-a-sandbox", r.volume(t, "/data").PersistentVolumeClaim.ClaimName)

	r = render(t, values(t, "persistence.existingClaim=team-a-sandbox"))
	assert.Nil(t, r.PVC, "persistence is off: no claim")
	assert.NotNil(t, r.volume(t, "/data").EmptyDir)
	assert.NotContains(t, r.env(t), "KAKAO_SANDBOX_DATA")
}

func TestAdminToken(t *testing.T) {
	r := render(t, values(t, "adminToken.value=team-a-secret"))
	require.NotNil(t, r.Secret)
	assert.Equal(t, "team-a-secret", string(r.Secret.Data["admin-token"]))
	assert.Contains(t, r.Notes, "get secret sbx-pr-123-kakao-sandbox-admin")

	r = render(t, values(t, "adminToken.existingSecret=sandbox-admin", "adminToken.secretKey=token"))
	assert.Nil(t, r.Secret, "an existing Secret: the chart makes none")
	ref := r.env(t)["KAKAO_SANDBOX_ADMIN_TOKEN"].ValueFrom.SecretKeyRef
	assert.Equal(t, "sandbox-admin", ref.Name)
	assert.Equal(t, "token", ref.Key)
	assert.Contains(t, r.Notes, "get secret sandbox-admin -o jsonpath='{.data.token}'")
}

func TestTLSFromASecret(t *testing.T) {
	r := render(t, values(t, "tls.mode=secret", "tls.secretName=sandbox-cert"))
	env := r.env(t)
	assert.Equal(t, "/etc/kakao-sandbox/tls/tls.crt", env["KAKAO_SANDBOX_TLS_CERT"].Value)
	assert.Equal(t, "/etc/kakao-sandbox/tls/tls.key", env["KAKAO_SANDBOX_TLS_KEY"].Value)
	assert.NotContains(t, env, "KAKAO_SANDBOX_TLS", "--tls-cert implies --tls")
	tls := r.volume(t, "/etc/kakao-sandbox/tls")
	require.NotNil(t, tls.Secret)
	assert.Equal(t, "sandbox-cert", tls.Secret.SecretName)
	assertHTTPS(t, r)
}

func TestTLSFromTheSandboxCA(t *testing.T) {
	r := render(t, values(t, "tls.mode=ca"))
	env := r.env(t)
	assert.Equal(t, "true", env["KAKAO_SANDBOX_TLS"].Value)
	assert.NotContains(t, env, "KAKAO_SANDBOX_TLS_CERT")
	assert.Equal(t, "/data", env["XDG_CONFIG_HOME"].Value, "the CA is kept in /data, writable")
	assert.Contains(t, r.Notes, "exec deploy/sbx-pr-123-kakao-sandbox -- /kakao-sandbox ca")
	assert.Contains(t, r.Notes, "new at each start of the pod without persistence")
	assertHTTPS(t, r)
}

func assertHTTPS(t *testing.T, r rendered) {
	t.Helper()
	c := r.container(t)
	for _, p := range []*corev1.Probe{c.StartupProbe, c.LivenessProbe, c.ReadinessProbe} {
		assert.Equal(t, corev1.URISchemeHTTPS, p.HTTPGet.Scheme)
		assert.Equal(t, health, p.HTTPGet.Path)
	}
	assert.EqualValues(t, 443, r.Service.Spec.Ports[0].Port)
	assert.Equal(t, "https", r.Service.Spec.Ports[0].Name)
	for _, e := range r.TestPod.Spec.Containers[0].Env {
		switch e.Name {
		case "SANDBOX_URL":
			assert.Equal(t, "https://sbx-pr-123-kakao-sandbox:443", e.Value)
		case "CURL_TLS":
			assert.Equal(t, "--insecure", e.Value)
		}
	}
}

func TestIngressWithKakaoHostNames(t *testing.T) {
	r := render(t, values(t, "ingress.enabled=true", "ingress.className=nginx",
		"ingress.hosts={kauth.kakao.com,kapi.kakao.com,apis.moment.kakao.com,sandbox.example.com}",
		"ingress.tls[0].secretName=kakao-hosts", "ingress.tls[0].hosts={kapi.kakao.com}"))
	require.NotNil(t, r.Ingress)
	assert.Equal(t, "nginx", *r.Ingress.Spec.IngressClassName)
	var hosts []string
	for _, rule := range r.Ingress.Spec.Rules {
		hosts = append(hosts, rule.Host)
		require.Len(t, rule.HTTP.Paths, 1)
		b := rule.HTTP.Paths[0].Backend.Service
		assert.Equal(t, r.Service.Name, b.Name)
		assert.Equal(t, r.Service.Spec.Ports[0].Port, b.Port.Number)
	}
	assert.Equal(t, []string{"kauth.kakao.com", "kapi.kakao.com", "apis.moment.kakao.com", "sandbox.example.com"}, hosts)
	assert.Equal(t, "kakao-hosts", r.Ingress.Spec.TLS[0].SecretName)
	allowed := r.env(t)["KAKAO_SANDBOX_ALLOWED_HOST"].Value
	assert.True(t, strings.HasSuffix(allowed, ",sandbox.example.com"), "the Ingress's own name is answered: %s", allowed)
	assert.NotContains(t, allowed, "kakao.com", "Kakao's names are always answered")

	r = render(t, values(t, "ingress.enabled=true"))
	require.Len(t, r.Ingress.Spec.Rules, 3, "Kakao's three host names by default")
	assert.Contains(t, r.Notes, "kauth.kakao.com, kapi.kakao.com, apis.moment.kakao.com")
}

const prFixtures = `apps:
  - name: pr-123
users:
  - id: 1
    nickname: reviewer
`

func TestFixturesAndScenarios(t *testing.T) {
	vals := values(t, "scenarios={recover-after-failures,kakao-maintenance}", "journalBodies=true",
		"rateLimits={createVirtualAccount=10/s,updateAdAccountOnOff=off}", "clock=2026-01-01T09:00:00+09:00")
	vals["fixtures"] = prFixtures // as --set-file fixtures=pr-123.yaml gives it
	r := render(t, vals)
	require.NotNil(t, r.ConfigMap)
	assert.Equal(t, prFixtures, r.ConfigMap.Data["fixtures.yaml"], "the document, byte for byte")
	assert.Equal(t, "recover-after-failures,kakao-maintenance", r.ConfigMap.Data["scenarios"])

	env := r.env(t)
	assert.Equal(t, "/etc/kakao-sandbox/fixtures.yaml", env["KAKAO_SANDBOX_FIXTURES"].Value)
	fx := r.volume(t, "/etc/kakao-sandbox/fixtures.yaml")
	require.NotNil(t, fx.ConfigMap)
	assert.Equal(t, r.ConfigMap.Name, fx.ConfigMap.Name)
	sc := env["KAKAO_SANDBOX_SCENARIO"].ValueFrom.ConfigMapKeyRef
	assert.Equal(t, r.ConfigMap.Name, sc.Name)
	assert.Equal(t, "scenarios", sc.Key)
	assert.Equal(t, "true", env["KAKAO_SANDBOX_JOURNAL_BODIES"].Value)
	assert.Equal(t, "createVirtualAccount=10/s,updateAdAccountOnOff=off", env["KAKAO_SANDBOX_RATE_LIMIT"].Value)
	assert.Equal(t, "2026-01-01T09:00:00+09:00", env["KAKAO_SANDBOX_CLOCK"].Value)
	assert.Contains(t, r.Notes, "fixtures: the document in the ConfigMap")

	// A changed document restarts the pod, which reads it only at start.
	sum := r.Deployment.Spec.Template.Annotations["checksum/config"]
	vals["fixtures"] = prFixtures + "  - id: 2\n    nickname: author\n"
	assert.NotEqual(t, sum, render(t, vals).Deployment.Spec.Template.Annotations["checksum/config"])

	// Scenarios alone: the ConfigMap holds no fixtures, the demo data is named.
	r = render(t, values(t, "scenarios={kakao-maintenance}"))
	assert.NotContains(t, r.ConfigMap.Data, "fixtures.yaml")
	assert.Equal(t, "builtin-demo", r.env(t)["KAKAO_SANDBOX_FIXTURES"].Value)
}

func TestExtraEnvAndPodSettings(t *testing.T) {
	r := render(t, values(t, "extraEnv[0].name=KAKAO_SANDBOX_ADS_SEED", "extraEnv[0].value=42",
		"image.tag=pr-123", "tmpSizeLimit=512Mi", "podAnnotations.team=ads"))
	assert.Equal(t, "42", r.env(t)["KAKAO_SANDBOX_ADS_SEED"].Value)
	assert.Equal(t, "ghcr.io/kakao-sandbox/kakao-sandbox:pr-123", r.container(t).Image)
	assert.Equal(t, "512Mi", r.volume(t, "/tmp").EmptyDir.SizeLimit.String())
	assert.Equal(t, "ads", r.Deployment.Spec.Template.Annotations["team"])
}
