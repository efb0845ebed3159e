{{/*
Names. Every name is at most 63 characters; cluster-scoped objects (ClusterRole, its binding, the
MutatingWebhookConfiguration) carry the release's name, so one cluster holds one release.
*/}}
{{- define "cachesync.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cachesync.fullname" -}}
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

{{- define "cachesync.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Deployment, its ServiceAccount, roles and bindings, and the PodDisruptionBudget. */}}
{{- define "cachesync.operatorName" -}}
{{- printf "%s-operator" (include "cachesync.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{- define "cachesync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cachesync.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The webhook's Service and the MutatingWebhookConfiguration. */}}
{{- define "cachesync.webhookName" -}}
{{- printf "%s-webhook" (include "cachesync.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{/* The Secret with the webhook's serving certificate (tls.crt, tls.key, ca.crt). */}}
{{- define "cachesync.webhookTlsSecretName" -}}
{{- printf "%s-webhook-tls" (include "cachesync.fullname" . | trunc 51 | trimSuffix "-") }}
{{- end }}

{{- define "cachesync.metricsServiceName" -}}
{{- printf "%s-metrics" (include "cachesync.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{- define "cachesync.certificateName" -}}
{{- include "cachesync.webhookName" . }}
{{- end }}

{{- define "cachesync.issuerName" -}}
{{- printf "%s-selfsigned" (include "cachesync.fullname" . | trunc 52 | trimSuffix "-") }}
{{- end }}

{{/*
The operator's pods are labelled app.kubernetes.io/name=cachesync-operator whatever the release is
called: the webhook's objectSelector keeps the sidecar out of them by that label.
*/}}
{{- define "cachesync.operatorAppName" -}}
cachesync-operator
{{- end }}

{{/* OperatorMain elects its leader through a Lease of this fixed name. */}}
{{- define "cachesync.leaseName" -}}
cachesync-operator
{{- end }}

{{/* Where cert-manager's Secret is mounted (webhook.certificates=cert-manager). */}}
{{- define "cachesync.webhookCertDir" -}}
/etc/cachesync/webhook-tls
{{- end }}

{{- define "cachesync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cachesync.operatorAppName" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object; pass the component with (dict "root" $ "component" "webhook"). */}}
{{- define "cachesync.labels" -}}
helm.sh/chart: {{ include "cachesync.chart" .root }}
{{ include "cachesync.selectorLabels" .root }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: cachesync
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* An image reference from (dict "image" .Values.x.image "root" $). */}}
{{- define "cachesync.image" -}}
{{- $registry := .root.Values.global.imageRegistry | default "" | trimSuffix "/" }}
{{- $tag := .image.tag | default .root.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The images a CacheSync may name, comma-separated for CACHESYNC_POLICY_ALLOWED_IMAGES: policy.allowedImages,
or the sidecar's repository (with the registry) with any tag or any digest.
*/}}
{{- define "cachesync.allowedImages" -}}
{{- $policy := .Values.policy | default dict }}
{{- if $policy.allowedImages }}
{{- join "," $policy.allowedImages }}
{{- else }}
{{- $registry := .Values.global.imageRegistry | default "" | trimSuffix "/" }}
{{- $repository := .Values.sidecar.image.repository }}
{{- if $registry }}{{ $repository = printf "%s/%s" $registry $repository }}{{ end }}
{{- printf "%s:*,%s@sha256:*" $repository $repository }}
{{- end }}
{{- end }}
