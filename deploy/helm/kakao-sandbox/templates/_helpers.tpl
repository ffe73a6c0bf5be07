{{/* The chart's name. */}}
{{- define "kakao-sandbox.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object names: release-chart, or the release alone when it names the chart already. */}}
{{- define "kakao-sandbox.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kakao-sandbox.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kakao-sandbox.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kakao-sandbox.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kakao-sandbox.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret holding the admin token: an existing one, or the chart's. */}}
{{- define "kakao-sandbox.adminSecret" -}}
{{- default (printf "%s-admin" (include "kakao-sandbox.fullname" .)) .Values.adminToken.existingSecret }}
{{- end }}

{{/* "true" when the sandbox speaks HTTPS; fails on an unknown tls.mode. */}}
{{- define "kakao-sandbox.tls" -}}
{{- $mode := .Values.tls.mode | default "none" }}
{{- if not (has $mode (list "none" "secret" "ca")) }}
{{- fail (printf "tls.mode %q: want none, secret or ca" $mode) }}
{{- end }}
{{- if ne $mode "none" }}true{{ end }}
{{- end }}

{{- define "kakao-sandbox.scheme" -}}
{{- if include "kakao-sandbox.tls" . }}https{{ else }}http{{ end }}
{{- end }}

{{- define "kakao-sandbox.servicePort" -}}
{{- if .Values.service.port }}{{ .Values.service.port }}{{ else if include "kakao-sandbox.tls" . }}443{{ else }}80{{ end }}
{{- end }}

{{/* "true" when fixtures is a document (kept in the ConfigMap), not a built-in name. */}}
{{- define "kakao-sandbox.fixturesDocument" -}}
{{- $f := .Values.fixtures | toString | trim }}
{{- if not $f }}
{{- fail "fixtures: want builtin-demo, empty, or a fixtures document (--set-file fixtures=FILE)" }}
{{- end }}
{{- if not (has $f (list "builtin-demo" "demo" "empty")) }}true{{ end }}
{{- end }}

{{/* "true" when the chart makes a ConfigMap: a fixtures document or scenarios. */}}
{{- define "kakao-sandbox.configMap" -}}
{{- if or (include "kakao-sandbox.fixturesDocument" .) .Values.scenarios }}true{{ end }}
{{- end }}

{{/* The names the sandbox answers besides its always-served ones: the Service's longer DNS
names (its one-label name is always answered), the Ingress's other hosts, allowedHosts. */}}
{{- define "kakao-sandbox.allowedHosts" -}}
{{- $svc := include "kakao-sandbox.fullname" . }}
{{- $hosts := list (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.%s" $svc .Release.Namespace .Values.clusterDomain) }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}
{{- if not (has . (list "kauth.kakao.com" "kapi.kakao.com" "apis.moment.kakao.com")) }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- end }}
{{- end }}
{{- concat $hosts .Values.allowedHosts | uniq | join "," }}
{{- end }}
