"""Swarm vs Kubernetes vs Mesos/Marathon vs Docker EE, feature by feature (section 8.4).

Each row is a question an operator asks when choosing; each cell is a short, checkable
answer about the platform as it stood when the course was written (Docker 28 swarm mode,
Kubernetes 1.3x, Marathon 1.x on Mesos, Docker EE 3 / Mirantis Kubernetes Engine, which runs
both Swarm and Kubernetes).
"""

from __future__ import annotations

COLUMNS = ("Swarm", "Kubernetes", "Mesos/Marathon", "Docker EE")
FEATURES: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    (
        "unit of scheduling",
        ("task (one container)", "pod (containers sharing a network)", "task (container or command)", "task or pod"),
    ),
    (
        "install",
        (
            "built into dockerd: swarm init/join",
            "control plane + kubelet per node (kubeadm, managed)",
            "ZooKeeper + Mesos masters/agents + Marathon",
            "installer over Docker Engine",
        ),
    ),
    (
        "cluster state",
        (
            "Raft inside the managers",
            "etcd (Raft)",
            "ZooKeeper (ZAB) + Mesos replicated log",
            "Raft (swarm) + etcd (kubernetes)",
        ),
    ),
    (
        "app definition",
        (
            "compose file (stack deploy)",
            "YAML manifests (Deployment, Service...)",
            "app JSON (Marathon)",
            "compose or YAML",
        ),
    ),
    (
        "rolling update",
        (
            "parallelism, delay, order, failure action",
            "maxSurge / maxUnavailable, minReadySeconds",
            "minimumHealthCapacity / maximumOverCapacity",
            "both models",
        ),
    ),
    (
        "automatic rollback",
        (
            "--update-failure-action rollback",
            "no (kubectl rollout undo; progressDeadline only marks it)",
            "no (deploy the previous version)",
            "as the orchestrator in use",
        ),
    ),
    (
        "restart of a crashed container",
        (
            "new task after restart delay (5s)",
            "in place, CrashLoopBackOff 10s → 5m",
            "relaunch, backoff 1s × 1.15ⁿ",
            "as the orchestrator in use",
        ),
    ),
    (
        "crashed machine's work moved after",
        (
            "~15 s (3 missed heartbeats)",
            "~340 s (40 s grace + 300 s toleration)",
            "~75 s (5 missed pings of 15 s)",
            "as the orchestrator in use",
        ),
    ),
    (
        "service discovery / load balancing",
        (
            "DNS + virtual IP, ingress routing mesh",
            "DNS + ClusterIP (kube-proxy), Ingress",
            "Mesos-DNS, Marathon-LB",
            "routing mesh, Interlock / ingress",
        ),
    ),
    (
        "networking",
        (
            "overlay (VXLAN) built in, encrypted option",
            "CNI plugins (Calico, Cilium, ...)",
            "CNI or host/bridge",
            "Calico + overlay",
        ),
    ),
    (
        "storage",
        (
            "volume drivers (plugins)",
            "PersistentVolumes, CSI, StorageClasses",
            "persistent volumes, external (DVDI)",
            "volume plugins + CSI",
        ),
    ),
    (
        "secrets",
        (
            "swarm secrets and configs (Raft, encrypted)",
            "Secrets and ConfigMaps (etcd)",
            "DC/OS secrets (enterprise)",
            "both, with RBAC",
        ),
    ),
    (
        "autoscaling",
        (
            "no (scale by hand or a tool)",
            "HorizontalPodAutoscaler, cluster autoscaler",
            "Marathon autoscaler (external)",
            "as the orchestrator in use",
        ),
    ),
    ("beyond containers", ("no", "operators/CRDs extend the API", "yes: Spark, Kafka, Cassandra frameworks", "no")),
    (
        "multi-tenancy and access control",
        (
            "none (every manager is root)",
            "namespaces, RBAC, quotas",
            "roles, quotas (DC/OS)",
            "RBAC, teams, image signing, scanning",
        ),
    ),
    (
        "learning curve",
        ("lowest: the docker CLI you know", "steepest: many objects", "steep: many components", "low, with a web UI"),
    ),
    (
        "scale (tested)",
        ("thousands of nodes", "5000 nodes per cluster", "tens of thousands of nodes", "as the orchestrator in use"),
    ),
)


def table() -> str:
    """The features as a Markdown table (notebooks show it with ``IPython.display.Markdown``)."""
    lines = ["| feature | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in FEATURES]
    return "\n".join(lines)
