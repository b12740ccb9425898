"""Chaos profiles: named sets of faults for every mocked dependency of a service.

Built in: `latency`, `flaky`, `errors`, `hang` and `down`; accord.yaml's `mocks.profiles`
adds its own (and a name there wins over a built-in one). A service's `mocks.faults` gives
its mock per-operation faults, whatever profile is running.
"""

from __future__ import annotations

from accord.errors import ConfigError
from accord.manifest import FaultSpec, Service, Workspace
from accord.mocks.faults import FaultPlan, Latency

__all__ = ["BUILTIN_PROFILES", "chaos_profile", "operation_faults", "plan_of", "profile_names"]

BUILTIN_PROFILES: dict[str, FaultPlan] = {
    "latency": FaultPlan(latency=Latency(0.2, 0.8)),  # slow but answering
    "flaky": FaultPlan(error_rate=0.2, faults=(("reset", 0.1),)),  # one call in five fails, one in ten resets
    "errors": FaultPlan(error_rate=1.0),  # every call answers the declared 5xx (or 503)
    "hang": FaultPlan(faults=(("hang", 1.0),)),  # every call hangs until the client gives up
    "down": FaultPlan(down=True),  # nothing listens: connections are refused
}


def plan_of(spec: FaultSpec, where: str, workspace: Workspace | None = None) -> FaultPlan:
    """The plan a manifest entry describes; ConfigError naming `where` when it cannot be one."""
    try:
        plan = FaultPlan.from_options(
            latency=spec.latency,
            error_rate=spec.error_rate,
            error_status=spec.error_status,
            faults=spec.faults,
            down=spec.down,
        )
    except ConfigError as exc:
        file = workspace.manifest_path if workspace is not None else None
        raise ConfigError(f"{where}: {exc.message}", file=file, hint=exc.hint) from None
    return plan or FaultPlan()


def profile_names(workspace: Workspace | None) -> list[str]:
    own = list(workspace.manifest.chaos_profiles) if workspace is not None else []
    return sorted({*BUILTIN_PROFILES, *own})


def chaos_profile(name: str, workspace: Workspace | None) -> FaultPlan:
    """The profile called `name`: accord.yaml's `mocks.profiles` first, then the built-in ones."""
    if workspace is not None and name in workspace.manifest.chaos_profiles:
        return plan_of(workspace.manifest.chaos_profiles[name], f"mocks.profiles.{name}", workspace)
    if name in BUILTIN_PROFILES:
        return BUILTIN_PROFILES[name]
    raise ConfigError(
        f"no chaos profile named {name!r}",
        hint=f"profiles: {', '.join(profile_names(workspace))} (or your own: mocks.profiles in accord.yaml)",
    )


def operation_faults(service: Service, workspace: Workspace | None = None) -> dict[str, FaultPlan]:
    """The per-operation faults of `service`'s mock, from its `mocks.faults` in accord.yaml."""
    return {
        operation: plan_of(spec, f"services.{service.name}.mocks.faults.{operation}", workspace)
        for operation, spec in service.mock_faults.items()
    }
