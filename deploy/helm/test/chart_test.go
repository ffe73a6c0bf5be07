package helmtest

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

const health = "/_sandbox/health"

// The defaults: one fresh sandbox with the demo data over HTTP, as the binary without flags.
func TestDefaults(t *testing.T) {
	r := render(t, values(t))
	assert.ElementsMatch(t, []string{"Secret", "Service", "Deployment", "Pod"}, r.Kinds,
		"no ConfigMap, PVC or Ingress unless asked for")

	d := r.Deployment
	require.NotNil(t, d.Spec.Replicas)
	assert.EqualValues(t, 1, *d.Spec.Replicas, "one writer of the bbolt file")
	assert.Equal(t, appsv1.RecreateDeploymentStrategyType, d.Spec.Strategy.Type, "never two pods, even in a rollout")

	c := r.container(t)
	assert.Equal(t, "ghcr.io/kakao-sandbox/kakao-sandbox:0.1.0", c.Image, "the tag is the chart's appVersion")
	for name, p := range map[string]*corev1.Probe{"startup": c.StartupProbe, "liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		require.NotNil(t, p, name)
		require.NotNil(t, p.HTTPGet, name)
		assert.Equal(t, health, p.HTTPGet.Path, name)
		assert.Equal(t, "http", p.HTTPGet.Port.String(), name)
		assert.Equal(t, corev1.URISchemeHTTP, p.HTTPGet.Scheme, name)
	}

	env := r.env(t)
	assert.NotContains(t, env, "KAKAO_SANDBOX_DATA", "fresh state, as the binary without --data")
	assert.Equal(t, "builtin-demo", env["KAKAO_SANDBOX_FIXTURES"].Value)
	assert.Equal(t, "false", env["KAKAO_SANDBOX_JOURNAL_BODIES"].Value)
	assert.NotContains(t, env, "KAKAO_SANDBOX_SCENARIO")
	assert.NotContains(t, env, "KAKAO_SANDBOX_RATE_LIMIT")
	assert.NotContains(t, env, "KAKAO_SANDBOX_TLS")
	assert.Equal(t, "sbx-pr-123-kakao-sandbox.sandboxes,sbx-pr-123-kakao-sandbox.sandboxes.svc,sbx-pr-123-kakao-sandbox.sandboxes.svc.cluster.local",
		env["KAKAO_SANDBOX_ALLOWED_HOST"].Value, "the Service's DNS names are answered (its one-label name always is)")
	assert.Equal(t, "/tmp", env["TMPDIR"].Value)
	assert.NotNil(t, r.volume(t, "/tmp").EmptyDir, "the fresh data file needs a writable $TMPDIR")
	assert.NotNil(t, r.volume(t, "/data").EmptyDir, "without persistence /data (the CA's home) is an emptyDir")

	// The admin token comes from the Secret the chart made, which holds a random one.
	tok := env["KAKAO_SANDBOX_ADMIN_TOKEN"].ValueFrom
	require.NotNil(t, tok)
	require.NotNil(t, tok.SecretKeyRef)
	assert.Equal(t, r.Secret.Name, tok.SecretKeyRef.Name)
	assert.Equal(t, "admin-token", tok.SecretKeyRef.Key)
	assert.Len(t, r.Secret.Data["admin-token"], 32)
	assert.Empty(t, r.container(t).Args, "everything is set through the environment the binary reads")

	assert.Equal(t, "sbx-pr-123-kakao-sandbox", r.Service.Name)
	require.Len(t, r.Service.Spec.Ports, 1)
	assert.EqualValues(t, 80, r.Service.Spec.Ports[0].Port)
	assert.Equal(t, "http", r.Service.Spec.Ports[0].TargetPort.String())
	assert.Equal(t, d.Spec.Selector.MatchLabels, r.Service.Spec.Selector)
	assert.Equal(t, d.Spec.Selector.MatchLabels, d.Spec.Template.Labels)
}

// The pod runs as the image's user, on a read-only root file system, without privileges; the
// chart's port and user are the Dockerfile's.
func TestSecurityContextMatchesTheImage(t *testing.T) {
	r := render(t, values(t))
	dockerfile, err := os.ReadFile("../../../Dockerfile")
	require.NoError(t, err)
	user := regexp.MustCompile(`(?m)^USER (\d+):(\d+)$`).FindSubmatch(dockerfile)
	require.NotNil(t, user, "the Dockerfile's USER")
	port := regexp.MustCompile(`(?m)^EXPOSE (\d+)$`).FindSubmatch(dockerfile)
	require.NotNil(t, port, "the Dockerfile's EXPOSE")
	uid, _ := strconv.ParseInt(string(user[1]), 10, 64)
	gid, _ := strconv.ParseInt(string(user[2]), 10, 64)

	pod := r.Deployment.Spec.Template.Spec
	require.NotNil(t, pod.SecurityContext)
	assert.Equal(t, true, *pod.SecurityContext.RunAsNonRoot)
	assert.Equal(t, uid, *pod.SecurityContext.RunAsUser)
	assert.Equal(t, gid, *pod.SecurityContext.RunAsGroup)
	assert.Equal(t, gid, *pod.SecurityContext.FSGroup, "the volume is writable by the image's group")
	assert.Equal(t, false, *pod.AutomountServiceAccountToken)

	c := r.container(t)
	require.NotNil(t, c.SecurityContext)
	assert.Equal(t, true, *c.SecurityContext.ReadOnlyRootFilesystem)
	assert.Equal(t, false, *c.SecurityContext.AllowPrivilegeEscalation)
	assert.Equal(t, []corev1.Capability{"ALL"}, c.SecurityContext.Capabilities.Drop)
	require.Len(t, c.Ports, 1)
	assert.Equal(t, string(port[1]), strconv.Itoa(int(c.Ports[0].ContainerPort)))
	assert.Equal(t, ":"+string(port[1]), r.env(t)["KAKAO_SANDBOX_ADDR"].Value)
	assert.NotEmpty(t, c.Resources.Requests)
	assert.NotEmpty(t, c.Resources.Limits)
}

// `helm test` runs a pod that calls health, then one Moment call with a demo business token.
func TestHelmTestHook(t *testing.T) {
	r := render(t, values(t))
	require.NotNil(t, r.TestPod)
	assert.Equal(t, "test", r.TestPod.Annotations["helm.sh/hook"])
	assert.Equal(t, "before-hook-creation,hook-succeeded", r.TestPod.Annotations["helm.sh/hook-delete-policy"])
	require.NotNil(t, r.TestPodHook)
	require.Len(t, r.TestPodHook.Events, 1)
	assert.EqualValues(t, "test", r.TestPodHook.Events[0])
	assert.Equal(t, corev1.RestartPolicyNever, r.TestPod.Spec.RestartPolicy)

	require.Len(t, r.TestPod.Spec.Containers, 1)
	c := r.TestPod.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	assert.Equal(t, "http://sbx-pr-123-kakao-sandbox:80", env["SANDBOX_URL"])
	assert.Equal(t, "sandbox-biz-alice", env["BUSINESS_TOKEN"])
	assert.Equal(t, "--no-insecure", env["CURL_TLS"])
	require.Len(t, c.Args, 1)
	assert.Contains(t, c.Args[0], `"$SANDBOX_URL`+health+`"`)
	assert.Contains(t, c.Args[0], `"$SANDBOX_URL/openapi/v4/adAccounts/pages"`)
	assert.Equal(t, true, *c.SecurityContext.ReadOnlyRootFilesystem)

	// With no data there is no business token: the test calls health only.
	r = render(t, values(t, "fixtures=empty"))
	assert.Equal(t, "empty", r.env(t)["KAKAO_SANDBOX_FIXTURES"].Value)
	for _, e := range r.TestPod.Spec.Containers[0].Env {
		if e.Name == "BUSINESS_TOKEN" {
			assert.Empty(t, e.Value)
		}
	}
}
