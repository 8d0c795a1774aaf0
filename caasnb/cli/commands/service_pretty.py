"""``docker service inspect --pretty``: docker's template and the context it runs over (``serviceInspectContext``).

The template is docker's own text (it starts with a blank line and keeps its tabs: docker
writes it without a tabwriter). Durations print as Go's ``time.Duration``, dates as
"<human duration> ago".
"""

from __future__ import annotations

from dataclasses import dataclass

from ...golang.timefmt import parse_rfc3339nano
from ...golang.units import bytes_size, human_duration
from ...sim.durations import format_duration

PRETTY_SERVICE = """
ID:\t\t{{.ID}}
Name:\t\t{{.Name}}
{{- if .Labels }}
Labels:
{{- range $k, $v := .Labels }}
 {{ $k }}{{if $v }}={{ $v }}{{ end }}
{{- end }}{{ end }}
Service Mode:
{{- if .IsModeGlobal }}\tGlobal
{{- else if .IsModeReplicated }}\tReplicated
{{- if .ModeReplicatedReplicas }}
 Replicas:\t{{ .ModeReplicatedReplicas }}
{{- end }}{{ end }}
{{- if .HasUpdateStatus }}
UpdateStatus:
 State:\t\t{{ .UpdateStatusState }}
{{- if .HasUpdateStatusStarted }}
 Started:\t{{ .UpdateStatusStarted }}
{{- end }}
{{- if .UpdateIsCompleted }}
 Completed:\t{{ .UpdateStatusCompleted }}
{{- end }}
 Message:\t{{ .UpdateStatusMessage }}
{{- end }}
Placement:
{{- if .TaskPlacementConstraints }}
 Constraints:\t{{ .TaskPlacementConstraints }}
{{- end }}
{{- if .TaskPlacementPreferences }}
 Preferences:   {{ .TaskPlacementPreferences }}
{{- end }}
{{- if .MaxReplicas }}
 Max Replicas Per Node:   {{ .MaxReplicas }}
{{- end }}
{{- if .HasUpdateConfig }}
UpdateConfig:
 Parallelism:\t{{ .UpdateParallelism }}
{{- if .HasUpdateDelay}}
 Delay:\t\t{{ .UpdateDelay }}
{{- end }}
 On failure:\t{{ .UpdateOnFailure }}
{{- if .HasUpdateMonitor}}
 Monitoring Period: {{ .UpdateMonitor }}
{{- end }}
 Max failure ratio: {{ .UpdateMaxFailureRatio }}
 Update order:      {{ .UpdateOrder }}
{{- end }}
{{- if .HasRollbackConfig }}
RollbackConfig:
 Parallelism:\t{{ .RollbackParallelism }}
{{- if .HasRollbackDelay}}
 Delay:\t\t{{ .RollbackDelay }}
{{- end }}
 On failure:\t{{ .RollbackOnFailure }}
{{- if .HasRollbackMonitor}}
 Monitoring Period: {{ .RollbackMonitor }}
{{- end }}
 Max failure ratio: {{ .RollbackMaxFailureRatio }}
 Rollback order:    {{ .RollbackOrder }}
{{- end }}
ContainerSpec:
 Image:\t\t{{ .ContainerImage }}
{{- if .ContainerArgs }}
 Args:\t\t{{ range $arg := .ContainerArgs }}{{ $arg }} {{ end }}
{{- end -}}
{{- if .ContainerEnv }}
 Env:\t\t{{ range $env := .ContainerEnv }}{{ $env }} {{ end }}
{{- end -}}
{{- if .ContainerWorkDir }}
 Dir:\t\t{{ .ContainerWorkDir }}
{{- end -}}
{{- if .HasContainerInit }}
 Init:\t\t{{ .ContainerInit }}
{{- end -}}
{{- if .ContainerUser }}
 User: {{ .ContainerUser }}
{{- end }}
{{- if .HasCapabilities }}
Capabilities:
{{- if .HasCapabilityAdd }}
 Add: {{ .CapabilityAdd }}
{{- end }}
{{- if .HasCapabilityDrop }}
 Drop: {{ .CapabilityDrop }}
{{- end }}
{{- end }}
{{- if .ContainerSysCtls }}
SysCtls:
{{- range $k, $v := .ContainerSysCtls }}
 {{ $k }}{{if $v }}: {{ $v }}{{ end }}
{{- end }}{{ end }}
{{- if .ContainerMounts }}
Mounts:
{{- end }}
{{- range $mount := .ContainerMounts }}
 Target:\t{{ $mount.Target }}
  Source:\t{{ $mount.Source }}
  ReadOnly:\t{{ $mount.ReadOnly }}
  Type:\t\t{{ $mount.Type }}
{{- end -}}
{{- if .HasLogDriver }}
Log Driver:
{{- if .HasLogDriverName }}
 Name:\t\t{{ .LogDriverName }}
{{- end }}
{{- if .LogOpts }}
 LogOpts:
{{- range $k, $v := .LogOpts }}
  {{ $k }}{{if $v }}:       {{ $v }}{{ end }}
{{- end }}{{ end }}
{{ end }}
{{- if .HasResources }}
Resources:
{{- if .HasResourceReservations }}
 Reservations:
{{- if gt .ResourceReservationNanoCPUs 0.0 }}
  CPU:\t\t{{ .ResourceReservationNanoCPUs }}
{{- end }}
{{- if .ResourceReservationMemory }}
  Memory:\t{{ .ResourceReservationMemory }}
{{- end }}{{ end }}
{{- if .HasResourceLimits }}
 Limits:
{{- if gt .ResourceLimitsNanoCPUs 0.0 }}
  CPU:\t\t{{ .ResourceLimitsNanoCPUs }}
{{- end }}
{{- if .ResourceLimitMemory }}
  Memory:\t{{ .ResourceLimitMemory }}
{{- end }}{{ end }}{{ end }}
{{- if gt .ResourceLimitPids 0 }}
  PIDs:\t\t{{ .ResourceLimitPids }}
{{- end }}
{{- if .Networks }}
Networks:
{{- range $network := .Networks }} {{ $network }}{{ end }} {{ end }}
Endpoint Mode:\t{{ .EndpointMode }}
{{- if .Ports }}
Ports:
{{- range $port := .Ports }}
 PublishedPort = {{ $port.PublishedPort }}
  Protocol = {{ $port.Protocol }}
  TargetPort = {{ $port.TargetPort }}
  PublishMode = {{ $port.PublishMode }}
{{- end }} {{ end -}}
{{- if .Healthcheck }}
 Healthcheck:
  Interval = {{ .Healthcheck.Interval }}
  Retries = {{ .Healthcheck.Retries }}
  StartPeriod =\t{{ .Healthcheck.StartPeriod }}
  Timeout =\t{{ .Healthcheck.Timeout }}
  {{- if .Healthcheck.Test }}
  Tests:
\t{{- range $test := .Healthcheck.Test }}
\t Test = {{ $test }}
  {{- end }} {{ end -}}
{{- end }}
"""


@dataclass(frozen=True)
class Health:
    """A ``container.HealthConfig`` whose durations print as Go prints them."""

    config: dict
    go_type = "*container.HealthConfig"

    Interval = property(lambda self: format_duration(self.config.get("Interval", 0)))
    Timeout = property(lambda self: format_duration(self.config.get("Timeout", 0)))
    StartPeriod = property(lambda self: format_duration(self.config.get("StartPeriod", 0)))
    Retries = property(lambda self: self.config.get("Retries", 0))
    Test = property(lambda self: self.config.get("Test") or [])


def _policy_fields(prefix: str, key: str) -> dict[str, property]:
    """The ``Has<P>Config``/``<P>Parallelism``... accessors of the update or rollback config."""

    def config(self) -> dict:
        return self.spec.get(key) or {}

    return {
        f"Has{prefix}Config": property(lambda self: self.spec.get(key) is not None),
        f"{prefix}Parallelism": property(lambda self: config(self).get("Parallelism", 0)),
        f"Has{prefix}Delay": property(lambda self: config(self).get("Delay", 0) > 0),
        f"{prefix}Delay": property(lambda self: format_duration(config(self).get("Delay", 0))),
        f"{prefix}OnFailure": property(lambda self: config(self).get("FailureAction", "")),
        f"Has{prefix}Monitor": property(lambda self: config(self).get("Monitor", 0) > 0),
        f"{prefix}Monitor": property(lambda self: format_duration(config(self).get("Monitor", 0))),
        f"{prefix}MaxFailureRatio": property(lambda self: config(self).get("MaxFailureRatio", 0)),
        f"{prefix}Order": property(lambda self: config(self).get("Order", "")),
    }


class PrettyService:
    """docker's ``serviceInspectContext`` over one ``GET /services/{id}`` answer, at the client's ``now``."""

    go_type = "*service.serviceInspectContext"

    def __init__(self, service: dict, now: int) -> None:
        self.service, self.now = service, now
        self.spec = service["Spec"]
        self.task = self.spec.get("TaskTemplate") or {}
        self.container = self.task.get("ContainerSpec") or {}
        self.status = service.get("UpdateStatus") or {}
        resources = self.task.get("Resources")
        self.reservations = (resources or {}).get("Reservations") or {}
        self.limits = (resources or {}).get("Limits") or {}

    def _ago(self, stamp: str) -> str:
        return human_duration(self.now - parse_rfc3339nano(stamp)) + " ago"

    ID = property(lambda self: self.service["ID"])
    Name = property(lambda self: self.spec.get("Name", ""))
    Labels = property(lambda self: self.spec.get("Labels") or {})
    IsModeGlobal = property(lambda self: "Global" in self.spec["Mode"])
    IsModeReplicated = property(lambda self: "Replicated" in self.spec["Mode"])
    # A set *uint64 is true even when 0; its text keeps that truth.
    ModeReplicatedReplicas = property(lambda self: str(self.spec["Mode"]["Replicated"].get("Replicas", "")))
    HasUpdateStatus = property(lambda self: bool(self.status.get("State")))
    UpdateStatusState = property(lambda self: self.status["State"])
    HasUpdateStatusStarted = property(lambda self: bool(self.status.get("StartedAt")))
    UpdateStatusStarted = property(lambda self: self._ago(self.status["StartedAt"]))
    UpdateIsCompleted = property(
        lambda self: self.status["State"] == "completed" and bool(self.status.get("CompletedAt"))
    )
    UpdateStatusCompleted = property(lambda self: self._ago(self.status["CompletedAt"]))
    UpdateStatusMessage = property(lambda self: self.status.get("Message", ""))
    TaskPlacementConstraints = property(lambda self: (self.task.get("Placement") or {}).get("Constraints") or [])
    MaxReplicas = property(lambda self: (self.task.get("Placement") or {}).get("MaxReplicas", 0))
    ContainerImage = property(lambda self: self.container.get("Image", ""))
    ContainerArgs = property(lambda self: self.container.get("Args") or [])
    ContainerEnv = property(lambda self: self.container.get("Env") or [])
    ContainerWorkDir = property(lambda self: self.container.get("Dir", ""))
    ContainerUser = property(lambda self: self.container.get("User", ""))
    HasContainerInit = property(lambda self: self.container.get("Init") is not None)
    ContainerInit = property(lambda self: self.container["Init"])
    HasCapabilities = property(lambda self: self.HasCapabilityAdd or self.HasCapabilityDrop)
    HasCapabilityAdd = property(lambda self: bool(self.container.get("CapabilityAdd")))
    HasCapabilityDrop = property(lambda self: bool(self.container.get("CapabilityDrop")))
    CapabilityAdd = property(lambda self: ", ".join(self.container.get("CapabilityAdd") or []))
    CapabilityDrop = property(lambda self: ", ".join(self.container.get("CapabilityDrop") or []))
    ContainerSysCtls = property(lambda self: self.container.get("Sysctls") or {})
    ContainerMounts = property(
        lambda self: [
            {
                "Target": m.get("Target", ""),
                "Source": m.get("Source", ""),
                "ReadOnly": bool(m.get("ReadOnly")),
                "Type": m.get("Type", ""),
            }  # fmt: skip
            for m in self.container.get("Mounts") or []
        ]
    )
    HasLogDriver = property(lambda self: self.task.get("LogDriver") is not None)
    HasLogDriverName = property(lambda self: bool(self.task["LogDriver"].get("Name")))
    LogDriverName = property(lambda self: self.task["LogDriver"].get("Name", ""))
    LogOpts = property(lambda self: self.task["LogDriver"].get("Options") or {})
    HasResources = property(lambda self: self.task.get("Resources") is not None)
    HasResourceReservations = property(
        lambda self: any(self.reservations.get(k, 0) > 0 for k in ("NanoCPUs", "MemoryBytes"))
    )
    ResourceReservationNanoCPUs = property(lambda self: self.reservations.get("NanoCPUs", 0) / 1e9)
    ResourceReservationMemory = property(lambda self: _memory(self.reservations))
    HasResourceLimits = property(
        lambda self: any(self.limits.get(k, 0) > 0 for k in ("NanoCPUs", "MemoryBytes", "Pids"))
    )
    ResourceLimitsNanoCPUs = property(lambda self: self.limits.get("NanoCPUs", 0) / 1e9)
    ResourceLimitMemory = property(lambda self: _memory(self.limits))
    ResourceLimitPids = property(lambda self: self.limits.get("Pids", 0))
    Networks = property(lambda self: [net["Target"] for net in self.task.get("Networks") or []])
    EndpointMode = property(lambda self: (self.spec.get("EndpointSpec") or {}).get("Mode", ""))
    Ports = property(lambda self: self.service.get("Endpoint", {}).get("Ports") or [])

    @property
    def TaskPlacementPreferences(self) -> list[str]:
        preferences = (self.task.get("Placement") or {}).get("Preferences") or []
        return ["spread=" + pref["Spread"]["SpreadDescriptor"] for pref in preferences if "Spread" in pref]

    @property
    def Healthcheck(self) -> Health | None:
        health = self.container.get("Healthcheck")
        return Health(health) if health is not None else None


for _name, _accessor in {
    **_policy_fields("Update", "UpdateConfig"),
    **_policy_fields("Rollback", "RollbackConfig"),
}.items():
    setattr(PrettyService, _name, _accessor)


def _memory(part: dict) -> str:
    memory = part.get("MemoryBytes", 0)
    return bytes_size(memory) if memory else ""
