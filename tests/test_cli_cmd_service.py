"""docker service end to end on ``Cluster(managers=3, workers=2, seed=7)``: exact output, requests, errors."""

from __future__ import annotations

import pytest

import caasnb

BAR = "[" + "=" * 50 + ">]"
REDIS_ID = "k0fozegz141myan6nkxmffgjc"


PS_REDIS = """
ID             NAME           IMAGE         NODE        DESIRED STATE   CURRENT STATE             ERROR     PORTS
rj97fqndssay   redis.1        redis:3.0.7   manager-2   Running         Running 52 seconds ago
7riwatrnsjlf    \\_ redis.1    redis:3.0.5   manager-2   Shutdown        Shutdown 54 seconds ago
lhe9xl0701bi   redis.2        redis:3.0.7   manager-1   Running         Running 52 seconds ago
z7w81gmptxyh    \\_ redis.2    redis:3.0.5   manager-1   Shutdown        Shutdown 54 seconds ago
bka3q7qrgthw   redis.3        redis:3.0.7   worker-1    Running         Running 39 seconds ago
uzarie25b7s1    \\_ redis.3    redis:3.0.5   worker-1    Shutdown        Shutdown 42 seconds ago
qa61xs1ju4h4   redis.4        redis:3.0.7   manager-3   Running         Running 40 seconds ago
x5vwfrk8v5qe    \\_ redis.4    redis:3.0.5   manager-3   Shutdown        Shutdown 42 seconds ago
sxfqu0w6lwxw   redis.5        redis:3.0.7   manager-2   Running         Running 28 seconds ago
rno7rn6fqua8    \\_ redis.5    redis:3.0.5   worker-2    Shutdown        Shutdown 29 seconds ago
xlf3665jbr8w   redis.6        redis:3.0.7   worker-2    Running         Running 27 seconds ago
n89jqs8aqvy2    \\_ redis.6    redis:3.0.5   manager-2   Shutdown        Shutdown 29 seconds ago
nmcqdrrcn4bc   redis.7        redis:3.0.7   manager-1   Running         Running 16 seconds ago
n2fowxp2b0gm    \\_ redis.7    redis:3.0.5   manager-1   Shutdown        Shutdown 17 seconds ago
vyc8gxyxm2nj   redis.8        redis:3.0.7   worker-1    Running         Running 16 seconds ago
tj2ail9x4dnq    \\_ redis.8    redis:3.0.5   worker-1    Shutdown        Shutdown 17 seconds ago
emcywpml2va3   redis.9        redis:3.0.7   manager-3   Running         Running 5 seconds ago
rlloc19mr5kb    \\_ redis.9    redis:3.0.5   manager-3   Shutdown        Shutdown 6 seconds ago
thdjc2k3ibpy   redis.10       redis:3.0.7   worker-2    Running         Running 5 seconds ago
h1lyaz7z7u8r    \\_ redis.10   redis:3.0.5   worker-2    Shutdown        Shutdown 6 seconds ago
"""


def slots(count: int) -> str:
    return "".join(f"{slot}/{count}: running   {BAR}\n" for slot in range(1, count + 1))


NGINX_DIGEST = "sha256:369f799b13a3e70b3391b87ecb08e41cce8e9e520d9d4b2141e5dae35b1695e2"


@pytest.fixture
def cluster():
    return caasnb.Cluster(managers=3, workers=2, seed=7)


@pytest.fixture
def sent(cluster, monkeypatch):
    """Every write request the CLI sends: (method, path, query, body, headers)."""
    requests, call = [], cluster.engine.call

    def record(node, method, path, *, query=None, body=None, headers=None):
        if method != "GET":
            requests.append((method, path, query, body, headers))
        return call(node, method, path, query=query, body=body, headers=headers)

    monkeypatch.setattr(cluster.engine, "call", record)
    return requests


def test_the_course_redis_example(cluster):
    create = cluster.docker(
        "service create --replicas 10 --name redis --update-delay 10s --update-parallelism 2 redis:3.0.5"
    )
    assert (create.exit_code, create.stderr) == (0, "")
    assert create.stdout == (
        f"{REDIS_ID}\noverall progress: 10 out of 10 tasks\n{slots(10)}verify: Service {REDIS_ID} converged\n"
    )
    update = cluster.docker("service update --image redis:3.0.7 redis")
    assert update.stdout == f"redis\noverall progress: 10 out of 10 tasks\n{slots(10)}verify: Service redis converged\n"
    ps = cluster.docker("service ps redis").stdout
    assert ps.endswith("ago              \n")  # empty ERROR and PORTS columns keep their padding
    assert [line.rstrip() for line in ps.splitlines()] == PS_REDIS.strip("\n").splitlines()
    assert cluster.docker("service inspect --pretty redis").stdout == (
        f"\nID:\t\t{REDIS_ID}\nName:\t\tredis\nService Mode:\tReplicated\n Replicas:\t10\n"
        "UpdateStatus:\n State:\t\tupdating\n Started:\t55 seconds ago\n Message:\tupdate in progress\n"
        "Placement:\nUpdateConfig:\n Parallelism:\t2\n Delay:\t\t10s\n On failure:\tpause\n"
        " Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\n"
        "RollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n"
        " Max failure ratio: 0\n Rollback order:    stop-first\n"
        "ContainerSpec:\n Image:\t\tredis:3.0.7@"
        "sha256:cdf914d96ecef2bba4524e4a1a6b6e39379c794898720e6fd4eedfea3ede3945\n"
        " Init:\t\tfalse\nResources:\nEndpoint Mode:\tvip\n\n"
    )


def test_same_seed_same_output():
    def session():
        cluster = caasnb.Cluster(managers=3, workers=2, seed=7)
        lines = ("service create --name web --replicas 3 nginx:1.27", "service scale web=5", "service ps web")
        return [str(cluster.docker(line)) for line in lines]

    assert session() == session()


def test_create_sends_dockers_request(cluster, sent):
    result = cluster.docker("service create -d --name web --replicas 3 nginx:1.27")
    assert result.stdout == f"{REDIS_ID}\n"
    assert sent == [
        (
            "POST",
            "/services/create",
            {},
            {
                "Name": "web",
                "Labels": {},
                "TaskTemplate": {
                    "ContainerSpec": {"Image": f"nginx:1.27@{NGINX_DIGEST}", "Init": False, "DNSConfig": {}},
                    "Resources": {"Limits": {}, "Reservations": {}},
                    "Placement": {"Platforms": [{"Architecture": "amd64", "OS": "linux"}]},
                    "ForceUpdate": 0,
                },
                "Mode": {"Replicated": {"Replicas": 3}},
                "EndpointSpec": {"Mode": "vip"},
            },
            {},
        )
    ]


def test_create_flags_fill_the_spec(cluster, sent):
    line = (
        "service create -d --name api -e A=1 -e A=2 -e B=3 -p 8080:80 -p published=53,target=53,protocol=udp "
        "--constraint node.role==worker --placement-pref spread=node.labels.zone --reserve-cpu 0.5 "
        "--reserve-memory 64M --limit-cpu 1 --limit-memory 128M --restart-condition on-failure --restart-delay 3s "
        "--restart-max-attempts 2 --restart-window 1m --health-cmd 'curl -f http://localhost' --health-interval 5s "
        "--health-retries 3 --update-parallelism 2 --update-delay 10s --update-failure-action rollback "
        "--rollback-order start-first --label tier=web --container-label c=1 --endpoint-mode vip "
        "--stop-grace-period 20s --replicas-max-per-node 2 --with-registry-auth nginx:1.27 nginx -g 'daemon off;'"
    )
    assert cluster.docker(line).exit_code == 0
    (_, _, _, spec, headers) = sent[0]
    assert headers == {"X-Registry-Auth": "e30="}
    assert spec["Labels"] == {"tier": "web"}
    assert spec["TaskTemplate"] == {
        "ContainerSpec": {
            "Image": f"nginx:1.27@{NGINX_DIGEST}",
            "Labels": {"c": "1"},
            "Args": ["nginx", "-g", "daemon off;"],
            "Env": ["A=2", "B=3"],
            "Init": False,
            "StopGracePeriod": 20_000_000_000,
            "Healthcheck": {
                "Test": ["CMD-SHELL", "curl -f http://localhost"],
                "Interval": 5_000_000_000,
                "Retries": 3,
            },
            "DNSConfig": {},
        },
        "Resources": {
            "Limits": {"NanoCPUs": 1_000_000_000, "MemoryBytes": 128 * 2**20},
            "Reservations": {"NanoCPUs": 500_000_000, "MemoryBytes": 64 * 2**20},
        },
        "RestartPolicy": {
            "Condition": "on-failure",
            "Delay": 3_000_000_000,
            "MaxAttempts": 2,
            "Window": 60_000_000_000,
        },
        "Placement": {
            "Constraints": ["node.role==worker"],
            "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}],
            "MaxReplicas": 2,
            "Platforms": [{"Architecture": "amd64", "OS": "linux"}],
        },
        "ForceUpdate": 0,
    }
    assert spec["Mode"] == {"Replicated": {}}
    assert spec["UpdateConfig"] == {
        "Parallelism": 2,
        "Delay": 10_000_000_000,
        "FailureAction": "rollback",
        "Monitor": 5_000_000_000,
        "MaxFailureRatio": 0,
        "Order": "stop-first",
    }
    assert spec["RollbackConfig"] == {
        "Parallelism": 1,
        "FailureAction": "pause",
        "Monitor": 5_000_000_000,
        "MaxFailureRatio": 0,
        "Order": "start-first",
    }
    assert spec["EndpointSpec"] == {
        "Mode": "vip",
        "Ports": [
            {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
            {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 53, "PublishMode": "ingress"},
        ],
    }


def test_quiet_create_prints_only_the_id_after_waiting(cluster):
    result = cluster.docker("service create -q --name web nginx:1.27")
    assert result.stdout == f"{REDIS_ID}\n"
    assert cluster.now > 5


def test_ls_shows_replicas_ports_and_modes(cluster):
    cluster.docker("service create -d --name web --replicas 2 -p 8080:80 nginx:1.27")
    cluster.docker("service create -d --name agent --mode global nginx")
    cluster.run(10)
    assert cluster.docker("service ls").stdout == (
        "ID             NAME      MODE         REPLICAS   IMAGE          PORTS\n"
        "7riwatrnsjlf   agent     global       5/5        nginx:latest   \n"
        "k0fozegz141m   web       replicated   2/2        nginx:1.27     *:8080->80/tcp\n"
    )
    assert cluster.docker("service ls -q --filter mode=global").stdout == "7riwatrnsjlf\n"
    rows = cluster.docker("service ls --format '{{.Name}}|{{.Replicas}}|{{.Ports}}'").stdout
    assert rows == "agent|5/5|\nweb|2/2|*:8080->80/tcp\n"


def test_scale_rollback_and_rm(cluster):
    cluster.docker("service create -d --name web --replicas 3 nginx:1.27")
    scale = cluster.docker("service scale web=5")
    assert (
        scale.stdout
        == f"web scaled to 5\noverall progress: 5 out of 5 tasks\n{slots(5)}verify: Service web converged\n"
    )
    rollback = cluster.docker("service rollback web")
    assert rollback.stdout == (
        "web\nrollback: manually requested rollback\noverall progress: rolling back update: 3 out of 3 tasks\n"
        f"{slots(3)}verify: Service web converged\nrollback: rollback completed\n"
    )
    assert cluster.docker("service rm web nope") == caasnb.errors.CLIResult(
        1, "web\n", "Error response from daemon: service nope not found\n"
    )


def test_update_reads_the_version_and_edits_the_spec(cluster, sent):
    cluster.docker("service create -d --name web --label a=1 --constraint node.role==worker nginx:1.27")
    update = cluster.docker(
        "service update -d --label-add b=2 --label-rm a --constraint-add node.labels.x==y --env-add K=V "
        "--publish-add 80 --force --replicas 2 web"
    )
    assert (update.exit_code, update.stdout) == (0, "web\n")
    method, path, query, spec, _ = sent[-1]
    assert (method, path, query) == (
        "POST",
        f"/services/{REDIS_ID}/update",
        {"version": "6", "registryAuthFrom": "spec"},
    )
    assert spec["Labels"] == {"b": "2"}
    assert spec["TaskTemplate"]["Placement"]["Constraints"] == ["node.labels.x==y", "node.role==worker"]
    assert spec["TaskTemplate"]["ContainerSpec"]["Env"] == ["K=V"]
    assert spec["TaskTemplate"]["ForceUpdate"] == 1
    assert spec["Mode"] == {"Replicated": {"Replicas": 2}}
    assert spec["EndpointSpec"]["Ports"] == [{"Protocol": "tcp", "TargetPort": 80, "PublishMode": "ingress"}]


def test_rollback_takes_no_other_flag(cluster):
    cluster.docker("service create -d --name web nginx:1.27")
    assert cluster.docker("service update --rollback --image x web") == caasnb.errors.CLIResult(
        1, "", "other flags may not be combined with --rollback\n"
    )


def test_a_service_that_never_converges_is_left_running_in_the_background(cluster):
    result = cluster.docker("service create --name never --constraint node.labels.zone==mars nginx")
    assert result.stdout == (
        f"{REDIS_ID}\noverall progress: 0 out of 1 tasks\n"
        "1/1: no suitable node (scheduling constraints not satisfied on 5 nodes)\n"
        "Operation continuing in background.\n"
        f"Use `docker service ps {REDIS_ID}` to check progress.\n"
    )
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("line", "stdout", "stderr"),
    [
        ("service ps nope", "", "no such service: nope\n"),
        ("service inspect nope", "[]\n", "Error: no such service: nope\n"),
        ("service inspect --pretty nope", "", "Error: no such service: nope\n"),
        ("service inspect --pretty --format x nope", "", "--format is incompatible with human friendly format\n"),
        ("service update --image x nope", "", "Error response from daemon: service nope not found\n"),
        ("service create --network foo nginx", "", "Error response from daemon: network foo not found\n"),
        (
            "service create --no-healthcheck --health-cmd true nginx",
            "",
            "--no-healthcheck conflicts with --health-* options\n",
        ),
        (
            "service create --mode global --replicas 2 nginx",
            "",
            "replicas can only be used with replicated or replicated-job mode\n",
        ),
        ("service create --mode bogus nginx", "", "Unknown mode: bogus, only replicated and global supported\n"),
        ("service scale nope=2", "", "nope: Error response from daemon: service nope not found\n"),
        ("service scale web=x", "", 'web: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax\n'),
        (
            "service scale web",
            "",
            "invalid scale specifier 'web'.\nSee 'docker service scale --help'.\n\n"
            "Usage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\n"
            "Scale one or multiple replicated services\n",
        ),
    ],
)
def test_user_errors(cluster, line, stdout, stderr):
    assert cluster.docker(line) == caasnb.errors.CLIResult(1, stdout, stderr)


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--limit-cpu 0.0000000001", 'invalid argument "0.0000000001" for "--limit-cpu" flag: value is too precise'),
        ("-p 80:x", 'invalid argument "80:x" for "-p, --publish" flag: invalid containerPort: x'),
        (
            "--placement-pref pack=x",
            'invalid argument "pack=x" for "--placement-pref" flag: '
            "unsupported placement preference pack (only spread is supported)",
        ),
        ("--health-interval -1s", 'invalid argument "-1s" for "--health-interval" flag: duration cannot be negative'),
    ],
)
def test_bad_flag_values_exit_125(cluster, flag, message):
    result = cluster.docker(f"service create {flag} nginx")
    assert result.exit_code == 125
    assert result.stderr.startswith(message + "\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]")


def test_a_finished_update_does_not_hide_the_next_ones_progress(cluster):
    """The daemon clears a completed UpdateStatus on the next update, as swarmkit does (it used to keep it)."""
    cluster.docker("service create -q --name web --replicas 2 nginx:1.27")
    cluster.docker("service update -q --image nginx:1.28 web")
    cluster.run(10)
    assert "State:\t\tcompleted" in cluster.docker("service inspect --pretty web").stdout
    scale = cluster.docker("service scale web=3")
    assert (
        scale.stdout
        == f"web scaled to 3\noverall progress: 3 out of 3 tasks\n{slots(3)}verify: Service web converged\n"
    )
    assert "UpdateStatus" not in cluster.docker("service inspect --pretty web").stdout


def test_progress_counts_only_up_to_date_tasks(cluster):
    """``_up-to-date`` is a task filter of the daemon (it used to be refused as invalid)."""
    cluster.docker("service create -q --name web nginx:1.27")
    tasks = cluster.engine.call(
        "manager-1", "GET", "/tasks", query={"filters": '{"service":{"web":true},"_up-to-date":{"true":true}}'}
    )
    assert [task["Status"]["State"] for task in tasks] == ["running"]
