"""``SwarmSpec``: cluster-wide settings, with the defaults ``docker swarm init`` gives.

Defaults (SwarmKit ``manager/manager.go``, ``raft.DefaultRaftConfig``, ``ca``, dispatcher):
keep 5 old tasks per slot; raft snapshot every 10000 entries, keep 0 old snapshots, 500
entries for slow followers, election after 10 ticks, heartbeat every tick; node heartbeat
every 5s; node certificates valid 90 days; autolock off. ``from_api`` merges onto a base
spec as moby's ``MergeSwarmSpecToGRPC`` does (zero values keep the current setting), then
applies SwarmKit's ``validateClusterSpec``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ...sim import SECOND, format_duration
from ..ca import DEFAULT_NODE_CERT_EXPIRY, MIN_NODE_CERT_EXPIRY
from ..wire import GoObject, go_struct, invalid_rpc
from .common import ApiObject, Driver

DEFAULT_CLUSTER_NAME = "default"


@dataclass(frozen=True)
class RaftConfig:
    """``SwarmSpec.Raft`` (ticks are raft ticks of 1s)."""

    snapshot_interval: int = 10000
    keep_old_snapshots: int = 0
    log_entries_for_slow_followers: int = 500
    election_tick: int = 10
    heartbeat_tick: int = 1

    def to_api(self) -> dict[str, Any]:
        fields = {
            "SnapshotInterval": self.snapshot_interval,
            "KeepOldSnapshots": self.keep_old_snapshots,
            "LogEntriesForSlowFollowers": self.log_entries_for_slow_followers,
            "ElectionTick": self.election_tick,
            "HeartbeatTick": self.heartbeat_tick,
        }
        return go_struct(fields, always=("KeepOldSnapshots", "ElectionTick", "HeartbeatTick"))

    def merge(self, obj: GoObject) -> RaftConfig:
        keep_old = obj.integer("KeepOldSnapshots", "uint64") if obj.has("KeepOldSnapshots") else self.keep_old_snapshots
        return RaftConfig(
            snapshot_interval=obj.integer("SnapshotInterval", "uint64") or self.snapshot_interval,
            keep_old_snapshots=keep_old,
            log_entries_for_slow_followers=obj.integer("LogEntriesForSlowFollowers", "uint64")
            or self.log_entries_for_slow_followers,
            election_tick=obj.integer("ElectionTick", "int") or self.election_tick,
            heartbeat_tick=obj.integer("HeartbeatTick", "int") or self.heartbeat_tick,
        )


@dataclass(frozen=True)
class SwarmSpec(ApiObject):
    """``SwarmSpec`` (durations in ns). ``task_defaults_log_driver`` is ``TaskDefaults.LogDriver``."""

    API_STRUCT = "Spec"
    name: str = DEFAULT_CLUSTER_NAME
    labels: dict[str, str] = field(default_factory=dict)
    task_history_retention_limit: int = 5
    raft: RaftConfig = field(default_factory=RaftConfig)
    heartbeat_period: int = 5 * SECOND
    node_cert_expiry: int = DEFAULT_NODE_CERT_EXPIRY
    force_rotate: int = 0  # CAConfig.ForceRotate: a new value asks for a new root CA
    task_defaults_log_driver: Driver | None = None
    auto_lock_managers: bool = False

    def to_api(self) -> dict[str, Any]:
        log_driver = self.task_defaults_log_driver
        return {
            "Name": self.name,
            "Labels": dict(self.labels),
            "Orchestration": {"TaskHistoryRetentionLimit": self.task_history_retention_limit},
            "Raft": self.raft.to_api(),
            "Dispatcher": go_struct({"HeartbeatPeriod": self.heartbeat_period}),
            "CAConfig": go_struct({"NodeCertExpiry": self.node_cert_expiry, "ForceRotate": self.force_rotate}),
            "TaskDefaults": go_struct({"LogDriver": log_driver.to_api() if log_driver else None}),
            "EncryptionConfig": {"AutoLockManagers": self.auto_lock_managers},
        }

    @classmethod
    def read(cls, obj: GoObject) -> SwarmSpec:
        return cls().merge(obj)

    @classmethod
    def from_api(cls, data: Mapping[str, Any], base: SwarmSpec | None = None) -> SwarmSpec:
        """``data`` merged onto ``base`` (the current spec; defaults when None), then validated."""
        merged = (base or cls()).merge(GoObject(data, cls.API_STRUCT))
        merged.validate()
        return merged

    def merge(self, obj: GoObject) -> SwarmSpec:
        """This spec with the non-zero settings of ``obj`` applied (``docker swarm update`` semantics)."""
        orchestration = obj.object("Orchestration", "OrchestrationConfig")
        raft = obj.object("Raft", "RaftConfig")
        dispatcher = obj.object("Dispatcher", "DispatcherConfig")
        ca_config = obj.object("CAConfig", "CAConfig")
        defaults = obj.object("TaskDefaults", "TaskDefaults")
        encryption = obj.object("EncryptionConfig", "EncryptionConfig")
        log_driver = defaults.object("LogDriver", "Driver") if defaults else None
        labels = obj.labels("Labels")
        retention = self.task_history_retention_limit
        if orchestration and orchestration.has("TaskHistoryRetentionLimit"):
            retention = orchestration.integer("TaskHistoryRetentionLimit", "int64")
        return replace(
            self,
            name=obj.string("Name") or self.name,
            labels=labels or self.labels,
            task_history_retention_limit=retention,
            raft=self.raft.merge(raft) if raft else self.raft,
            heartbeat_period=(dispatcher and dispatcher.integer("HeartbeatPeriod", "time.Duration"))
            or self.heartbeat_period,
            node_cert_expiry=(ca_config and ca_config.integer("NodeCertExpiry", "time.Duration"))
            or self.node_cert_expiry,
            force_rotate=ca_config.integer("ForceRotate", "uint64") if ca_config else 0,  # moby copies it as sent
            task_defaults_log_driver=Driver.read(log_driver) if log_driver else self.task_defaults_log_driver,
            auto_lock_managers=encryption.boolean("AutoLockManagers") if encryption else False,
        )

    def validate(self) -> None:
        """SwarmKit's ``validateClusterSpec``."""
        if self.node_cert_expiry < MIN_NODE_CERT_EXPIRY:
            raise invalid_rpc(f"minimum certificate expiry time is: {format_duration(MIN_NODE_CERT_EXPIRY)}")
        if self.heartbeat_period < 0:
            raise invalid_rpc("heartbeat time period cannot be a negative duration")
        if self.name != DEFAULT_CLUSTER_NAME:
            raise invalid_rpc("modification of cluster name is not allowed")
