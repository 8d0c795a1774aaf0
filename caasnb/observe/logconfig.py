"""A container's ``--log-driver``/``--log-opt``: checked, merged with the daemon's default, started.

Two checks, as in Docker 28. When the container is created, ``ValidateLogOpts``
(``daemon/logger/factory.go``) checks ``mode`` and ``max-buffer-size``, the dual-logging
``cache-disabled`` option, that the driver exists, then the driver's own option names
(a 400 error). When the container starts, the driver is built and may still refuse a
value (``failed to initialize logging driver: ...``). A container without a driver takes
the daemon's (``json-file`` unless ``log-driver`` is set in daemon.json), and its options
too when the drivers match (``mergeAndVerifyLogConfig``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import DockerError, InvalidArgument
from ..golang.units import ram_in_bytes
from .drivers import DRIVERS, Daemon, Driver, LogOptError
from .drivers.base import go_bool
from .drivers.local import OPTIONS as LOCAL_OPTIONS
from .drivers.local import LocalDriver
from .logtag import TagError
from .message import ContainerInfo, LogBatch

MODES = ("", "blocking", "non-blocking")
CACHE_OPTIONS = frozenset({"cache-disabled"} | {"cache-" + key for key in LOCAL_OPTIONS})
BUILTIN_OPTIONS = frozenset({"mode", "max-buffer-size"}) | CACHE_OPTIONS
"""Options every driver accepts (removed before the driver's own check)."""


@dataclass(frozen=True)
class LogConfig:
    """``HostConfig.LogConfig``: a driver name (empty: the daemon's) and its options."""

    type: str = ""
    config: Mapping[str, str] = field(default_factory=dict)


def validate_log_opts(driver: str, opts: Mapping[str, str], platform: str = "linux") -> None:
    """``logger.ValidateLogOpts``; raises ``LogOptError`` with Docker's message."""
    if driver == "none":
        return
    mode = opts.get("mode", "")
    if mode not in MODES:
        raise LogOptError(f"logger: logging mode not supported: {mode}")
    if "max-buffer-size" in opts:
        if mode != "non-blocking":
            raise LogOptError("logger: max-buffer-size option is only supported with 'mode=non-blocking'")
        try:
            ram_in_bytes(opts["max-buffer-size"])
        except ValueError as err:
            raise LogOptError(f"error parsing option max-buffer-size: {err}") from None
    if opts.get("cache-disabled"):
        try:
            go_bool(opts["cache-disabled"])
        except LogOptError:
            raise LogOptError(f"invalid value for option cache-disabled: {opts['cache-disabled']}") from None
    spec = DRIVERS.get(driver)
    if spec is None or platform not in spec.platforms:
        raise LogOptError(f"logger: no log driver named '{driver}' is registered")
    spec.validate({k: v for k, v in opts.items() if k not in BUILTIN_OPTIONS})


def merge_default(config: LogConfig, default: LogConfig) -> LogConfig:
    """``mergeAndVerifyLogConfig``'s merge: the daemon's driver and, for the same driver, its options."""
    driver = config.type or default.type
    opts = dict(config.config)
    for key, value in default.config.items():
        if (driver == default.type or key in CACHE_OPTIONS) and key not in opts:
            opts[key] = value
    return LogConfig(driver, opts)


def use_cache(opts: Mapping[str, str]) -> bool:
    """``cache.ShouldUseCache``: dual logging is on unless ``cache-disabled`` is true (or unreadable)."""
    value = opts.get("cache-disabled", "")
    if value == "":
        return True
    try:
        return not go_bool(value)
    except LogOptError:
        return False


class ContainerLogger:
    """The logging chain of one running container: its driver, and the local cache when it cannot be read."""

    def __init__(self, info: ContainerInfo, config: LogConfig, daemon: Daemon) -> None:
        self.info = info
        self.config = config
        self.driver: Driver | None = None
        self.cache: LocalDriver | None = None
        self.closed = False
        if config.type == "none":
            return
        spec = DRIVERS.get(config.type)
        if spec is None:  # never checked at create time: dockerd's start-time refusal
            raise DockerError(
                f"failed to initialize logging driver: logger: no log driver named '{config.type}' is registered"
            )
        opts = {k: v for k, v in config.config.items() if k not in BUILTIN_OPTIONS}
        try:
            self.driver = spec.factory(info, opts, daemon)
            if not self.driver.readable and use_cache(config.config):
                cache_path = f"/var/lib/docker/containers/{info.id}/container-cached.log"
                try:
                    self.cache = LocalDriver(info, opts, daemon, cache_path)
                except LogOptError as err:
                    raise LogOptError(
                        f"error setting up local container log cache: error initializing local log cache driver: {err}"
                    ) from None
        except (LogOptError, TagError) as err:
            raise DockerError(f"failed to initialize logging driver: {err}") from None

    @property
    def reader(self):
        """What ``docker logs`` reads: the driver itself, the cache, or nothing."""
        if self.driver is not None and self.driver.readable:
            return self.driver
        return self.cache

    def log(self, batch: LogBatch) -> None:
        if self.driver is not None:
            self.driver.log(batch)
        if self.cache is not None:
            self.cache.log(batch)

    def close(self) -> None:
        """The container stopped: no more messages, followers finish."""
        self.closed = True
        if self.driver is not None:
            self.driver.close()


def daemon_default(
    driver: str = "json-file", opts: Mapping[str, str] | None = None, platform: str = "linux"
) -> LogConfig:
    """The daemon's ``log-driver``/``log-opts`` (daemon.json), checked as dockerd checks them at start."""
    config = LogConfig(driver, dict(opts or {}))
    if config.config:
        try:
            validate_log_opts(driver, config.config, platform)
        except LogOptError as err:
            raise InvalidArgument(f"failed to set log opts: {err}") from None
    return config


def check(config: LogConfig, daemon_default: LogConfig, platform: str = "linux") -> LogConfig:
    """Create-time: the merged config, or ``InvalidArgument`` (400) with Docker's message."""
    merged = merge_default(config, daemon_default)
    try:
        validate_log_opts(merged.type, merged.config, platform)
    except LogOptError as err:
        raise InvalidArgument(str(err)) from None
    return merged
