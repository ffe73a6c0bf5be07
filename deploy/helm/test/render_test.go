package helmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	release "helm.sh/helm/v4/pkg/release/v1"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"
	"helm.sh/helm/v4/pkg/strvals"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

const chartDir = "../kakao-sandbox"

// kubeVersion is the cluster the chart is rendered for: the SDK's default (v1.20) is older than
// the chart's kubeVersion allows.
var kubeVersion = &common.KubeVersion{Version: "v1.34.0", Major: "1", Minor: "34"}

// TestMain quiets the SDK's log: every fail a test provokes on purpose is logged at INFO.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

// rendered is one release as `helm install --dry-run=client` makes it, every object decoded.
type rendered struct {
	Deployment  *appsv1.Deployment
	Service     *corev1.Service
	Secret      *corev1.Secret
	ConfigMap   *corev1.ConfigMap
	PVC         *corev1.PersistentVolumeClaim
	Ingress     *networkingv1.Ingress
	TestPod     *corev1.Pod
	TestPodHook *release.Hook
	Notes       string
	Kinds       []string // every object's kind, in the manifest's order, then the hooks'
}

// values parses --set arguments as the helm CLI does.
func values(t *testing.T, sets ...string) map[string]any {
	t.Helper()
	vals := map[string]any{}
	for _, s := range sets {
		require.NoError(t, strvals.ParseInto(s, vals), s)
	}
	return vals
}

// install renders the chart for vals through action.Install in client-only dry run (as helm
// template does): no cluster, the SDK's default capabilities.
func install(vals map[string]any, opts ...func(*action.Install)) (*release.Release, error) {
	chrt, err := loader.Load(chartDir)
	if err != nil {
		return nil, err
	}
	cfg := action.NewConfiguration()
	inst := action.NewInstall(cfg)
	inst.DryRunStrategy = action.DryRunClient
	inst.ReleaseName = "sbx-pr-123"
	inst.Namespace = "sandboxes"
	inst.Replace = true
	inst.KubeVersion = kubeVersion
	for _, o := range opts {
		o(inst)
	}
	rel, err := inst.Run(chrt, vals)
	if err != nil {
		return nil, err
	}
	r, ok := rel.(*release.Release)
	if !ok {
		return nil, fmt.Errorf("install returned a %T, want a *release.Release", rel)
	}
	return r, nil
}

// render installs and decodes every object; any unknown field or kind fails the test.
func render(t *testing.T, vals map[string]any) rendered {
	t.Helper()
	rel, err := install(vals)
	require.NoError(t, err)
	var out rendered
	out.Notes = rel.Info.Notes
	docs := releaseutil.SplitManifests(rel.Manifest)
	for _, key := range slices.Sorted(maps.Keys(docs)) {
		out.add(t, docs[key])
	}
	for _, h := range rel.Hooks {
		if out.add(t, h.Manifest) == "Pod" {
			out.TestPodHook = h
		}
	}
	return out
}

func (r *rendered) add(t *testing.T, manifest string) string {
	t.Helper()
	if strings.TrimSpace(manifest) == "" {
		return ""
	}
	js, err := yaml.YAMLToJSONStrict([]byte(manifest)) // no duplicate keys either
	require.NoError(t, err, manifest)
	var meta struct{ APIVersion, Kind string }
	require.NoError(t, json.Unmarshal(js, &meta))
	var into any
	switch meta.APIVersion + " " + meta.Kind {
	case "apps/v1 Deployment":
		require.Nil(t, r.Deployment, "a second Deployment")
		r.Deployment = new(appsv1.Deployment)
		into = r.Deployment
	case "v1 Service":
		r.Service = new(corev1.Service)
		into = r.Service
	case "v1 Secret":
		r.Secret = new(corev1.Secret)
		into = r.Secret
	case "v1 ConfigMap":
		r.ConfigMap = new(corev1.ConfigMap)
		into = r.ConfigMap
	case "v1 PersistentVolumeClaim":
		r.PVC = new(corev1.PersistentVolumeClaim)
		into = r.PVC
	case "networking.k8s.io/v1 Ingress":
		r.Ingress = new(networkingv1.Ingress)
		into = r.Ingress
	case "v1 Pod":
		r.TestPod = new(corev1.Pod)
		into = r.TestPod
	default:
		t.Fatalf("the chart renders a %s %s, which this test does not decode:\n%s", meta.APIVersion, meta.Kind, manifest)
	}
	require.NoError(t, decodeStrict(js, into), manifest)
	r.Kinds = append(r.Kinds, meta.Kind)
	return meta.Kind
}

// decodeStrict decodes one object, refusing any field its Go type does not have.
func decodeStrict(js []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("more than one object in a document")
	}
	return nil
}

// container is the sandbox's container; env is its environment, by name.
func (r rendered) container(t *testing.T) corev1.Container {
	t.Helper()
	require.NotNil(t, r.Deployment)
	cs := r.Deployment.Spec.Template.Spec.Containers
	require.Len(t, cs, 1)
	return cs[0]
}

func (r rendered) env(t *testing.T) map[string]corev1.EnvVar {
	t.Helper()
	env := map[string]corev1.EnvVar{}
	for _, e := range r.container(t).Env {
		require.NotContains(t, env, e.Name, "set twice")
		env[e.Name] = e
	}
	return env
}

// volume is the pod's volume mounted at path.
func (r rendered) volume(t *testing.T, path string) corev1.Volume {
	t.Helper()
	for _, m := range r.container(t).VolumeMounts {
		if m.MountPath == path {
			for _, v := range r.Deployment.Spec.Template.Spec.Volumes {
				if v.Name == m.Name {
					return v
				}
			}
			t.Fatalf("mount %s names volume %s, which the pod does not have", path, m.Name)
		}
	}
	t.Fatalf("nothing mounted at %s", path)
	return corev1.Volume{}
}

// volumeNamed is the pod's volume of that name, or nil.
func (r rendered) volumeNamed(name string) *corev1.Volume {
	for i, v := range r.Deployment.Spec.Template.Spec.Volumes {
		if v.Name == name {
			return &r.Deployment.Spec.Template.Spec.Volumes[i]
		}
	}
	return nil
}
