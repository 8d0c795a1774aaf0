"""``docker stack deploy|ls|services|ps|rm``: golden outputs, docker 28's compose errors, and the requests sent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.cli.commands import compose
from caasnb.registry import decode_auth

COMPOSE = """\
version: "3.8"
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    networks: [front, back]
    deploy:
      replicas: 2
  db:
    image: redis:7
    networks: [back]
networks:
  front: {}
  back:
    driver_opts: {encrypted: "true"}
"""
DETACH_NOTICE = (
    "Since --detach=false was not specified, tasks will be created in the background.\n"
    "In a future release, --detach=false will become the default.\n"
)


@pytest.fixture
def c():
    return caasnb.Cluster(managers=1, workers=2, seed=7)


def deployed(c):
    result = c.docker("stack deploy -c - shop", stdin=COMPOSE)
    c.run(20)
    return result


def test_deploy_creates_networks_then_services(c):
    result = deployed(c)
    assert result.exit_code == 0
    assert result.stdout == (
        "Creating network shop_back\nCreating network shop_front\nCreating service shop_db\nCreating service shop_web\n"
    )
    assert result.stderr == DETACH_NOTICE


def test_ls_services_ps_golden(c):
    deployed(c)
    assert c.docker("stack ls").stdout == "NAME      SERVICES\nshop      2\n"
    assert c.docker("stack services shop").stdout == (
        "ID             NAME       MODE         REPLICAS   IMAGE        PORTS\n"
        "lh6q182a9ut9   shop_db    replicated   1/1        redis:7      \n"
        "r7o78jjd6blf   shop_web   replicated   2/2        nginx:1.27   *:8080->80/tcp\n"
    )
    assert c.docker("stack ps shop").stdout == (
        "ID             NAME         IMAGE        NODE        DESIRED STATE   CURRENT STATE            ERROR"
        "     PORTS\n"
        "k0fozegz141m   shop_db.1    redis:7      worker-1    Running         Running 18 seconds ago             \n"
        "7riwatrnsjlf   shop_web.1   nginx:1.27   manager-1   Running         Running 17 seconds ago             \n"
        "z7w81gmptxyh   shop_web.2   nginx:1.27   worker-2    Running         Running 17 seconds ago             \n"
    )
    assert c.docker("stack ps --format '{{.Name}} {{.Node}}' shop").stdout == (
        "shop_db.1 worker-1\nshop_web.1 manager-1\nshop_web.2 worker-2\n"
    )
    assert c.docker("stack services -q shop").stdout == "lh6q182a9ut9\nr7o78jjd6blf\n"


def test_the_stack_is_made_of_ordinary_labelled_objects(c):
    deployed(c)
    labels = c.docker("service inspect --format '{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}' shop_web")
    assert labels.stdout.strip() == "com.docker.stack.image=nginx:1.27 com.docker.stack.namespace=shop"
    networks = c.docker("service inspect --format '{{range .Spec.TaskTemplate.Networks}}{{.Aliases}} {{end}}' shop_web")
    assert networks.stdout.strip() == "[web] [web]"
    net = c.docker(
        """network inspect --format '{{.Driver}} {{.Scope}} {{index .Options "encrypted"}} {{json .Labels}}' """
        "shop_back"
    )
    assert net.stdout.strip() == 'overlay swarm true {"com.docker.stack.namespace":"shop"}'
    assert c.docker("service ls --filter label=com.docker.stack.namespace=shop -q").stdout.count("\n") == 2


def test_deploying_again_updates_and_rm_removes(c):
    deployed(c)
    again = c.docker("stack deploy -c - shop", stdin=COMPOSE.replace("replicas: 2", "replicas: 3"))
    assert again.stdout == (
        "Updating service shop_db (id: lh6q182a9ut9hyb4k7xcsja7o)\n"
        "Updating service shop_web (id: r7o78jjd6blf4r7uizmxv4to9)\n"
    )
    c.run(20)
    assert "3/3" in c.docker("stack services shop").stdout
    removed = c.docker("stack rm shop")
    assert removed.stdout == (
        "Removing service shop_db\nRemoving service shop_web\nRemoving network shop_back\nRemoving network shop_front\n"
    )
    assert c.docker("stack ls").stdout == "NAME      SERVICES\n"
    gone = c.docker("stack rm shop")
    assert (gone.exit_code, gone.stdout, gone.stderr) == (0, "", "Nothing found in stack: shop\n")
    nothing = c.docker("stack services shop")
    assert (nothing.exit_code, nothing.stderr) == (0, "Nothing found in stack: shop\n")


def test_prune_removes_services_no_longer_in_the_file(c):
    deployed(c)
    only_web = "services:\n  web:\n    image: nginx:1.27\n"
    result = c.docker("stack deploy --prune -c - shop", stdin=only_web)
    assert result.stdout.startswith(
        "Removing service shop_db\nCreating network shop_default\nUpdating service shop_web"
    )


@pytest.mark.parametrize(
    "compose, message",
    [
        ("services:\n  web:\n    image: x\n    foo: 1\n", "services.web Additional property foo is not allowed"),
        ("foo: 1\nservices: {}\n", "(root) Additional property foo is not allowed"),
        ("services:\n  web:\n    image: 3\n", "services.web.image must be a string"),
        ("services:\n  web:\n    image: x\n    deploy: {replicas: two}\n",
         "services.web.deploy.replicas must be a integer"),
        ("services:\n  web:\n    image: x\n    deploy: {update_config: {delay: 3x}}\n",
         "services.web.deploy.update_config.delay Does not match format 'duration'"),
        ("services:\n  web app:\n    image: x\n", "services Additional property web app is not allowed"),
        ("services:\n  web:\n    image: x\n    deploy: {update_config: {order: last}}\n",
         "services.web.deploy.update_config.order services.web.deploy.update_config.order must be one of the "
         'following: "start-first", "stop-first"'),
        ("- a\n- b\n", "top-level object must be a mapping"),
        ("services:\n  web:\n    build: .\n", "invalid image reference for service web: no image specified"),
        ("services:\n  web:\n    image: x\n    mem_limit: 1g\n",
         "Compose file contains unsupported options:\n\nmem_limit: Set resource limits using deploy.resources"),
        ("services:\n  web:\n    image: x\n    networks: [shared]\nnetworks:\n  shared:\n    external: true\n",
         'network "shared" is declared as external, but could not be found. You need to create a swarm-scoped '
         "network before the stack is deployed"),
    ],
)  # fmt: skip
def test_a_file_docker_refuses_changes_nothing(c, compose, message):
    before = c.trace_hash()
    result = c.docker("stack deploy -c - bad", stdin=compose)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(message + "\n")
    assert c.trace_hash() == before
    assert c.docker("stack ls").stdout == "NAME      SERVICES\n"


@pytest.mark.parametrize(
    "service, created, message",
    [
        ("image: x\n    networks: [back]", "bad_back", 'service web: undefined network "back"'),
        ("image: x\n    deploy: {mode: global, replicas: 2}", "bad_default",
         "service web: replicas can only be used with replicated or replicated-job mode"),
        ("image: x\n    deploy: {mode: daemon}", "bad_default", "service web: Unknown mode: daemon"),
    ],
)  # fmt: skip
def test_service_errors_come_after_the_networks_as_in_docker(c, service, created, message):
    result = c.docker("stack deploy -d -c - bad", stdin=f"services:\n  web:\n    {service}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (1, f"Creating network {created}\n", message + "\n")
    assert c.docker("service ls -q").stdout == ""


def test_unsupported_and_deprecated_options_are_ignored_with_a_warning(c):
    compose = "services:\n  web:\n    image: nginx:1.27\n    restart: always\n    container_name: w\n"
    result = c.docker("stack deploy -d -c - warn", stdin=compose)
    assert result.exit_code == 0
    assert result.stderr == (
        "Ignoring unsupported options: restart\n\n"
        "Ignoring deprecated options:\n\ncontainer_name: Setting the container name is not supported.\n\n"
    )


def test_client_side_refusals(c):
    no_file = c.docker("stack deploy shop")
    assert (no_file.exit_code, no_file.stderr) == (1, "Specify a Compose file (with --compose-file)\n")
    worker = c.docker("stack deploy -d -c - shop", stdin=COMPOSE, on="worker-1")
    assert worker.stderr == (
        'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to '
        "swarm and try again\n"
    )
    bad_name = c.docker(["stack", "ps", "' '"])
    assert bad_name.stderr == "invalid stack name: \"' '\"\n"
    resolve = c.docker("stack deploy -d --resolve-image sometimes -c - shop", stdin=COMPOSE)
    assert resolve.stderr == "Invalid option sometimes for flag --resolve-image\n"


def test_compose_file_from_disk(c, tmp_path):
    path = tmp_path / "compose.yml"
    path.write_text(COMPOSE)
    assert c.docker(["stack", "deploy", "-d", "-c", str(path), "shop"]).exit_code == 0
    missing = c.docker(["stack", "deploy", "-c", str(tmp_path / "nope.yml"), "shop"])
    assert missing.stderr == f"open {tmp_path / 'nope.yml'}: no such file or directory\n"


def test_long_port_syntax_healthcheck_and_deploy_settings(c):
    compose = """\
services:
  api:
    image: nginx:1.27
    command: ["nginx", "-g", "daemon off;"]
    environment: ["B=2", "A=1"]
    ports:
      - {target: 80, published: 9000, protocol: udp, mode: host}
      - "7000-7001:70-71"
    healthcheck: {test: ["CMD", "true"], interval: 5s, retries: 2}
    stop_grace_period: 20s
    deploy:
      mode: replicated
      replicas: 2
      labels: {team: a}
      resources: {limits: {cpus: "0.25", memory: 64M}}
      restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3}
      update_config: {parallelism: 2, order: start-first, failure_action: rollback}
      placement: {constraints: [node.role==worker], max_replicas_per_node: 1}
"""
    assert c.docker("stack deploy -d -c - s", stdin=compose).exit_code == 0
    spec = c.engine.call("manager-1", "GET", "/services/s_api")["Spec"]
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert container["Args"] == ["nginx", "-g", "daemon off;"] and container["Env"] == ["A=1", "B=2"]
    assert container["Healthcheck"] == {"Test": ["CMD", "true"], "Interval": 5_000_000_000, "Retries": 2}
    assert container["StopGracePeriod"] == 20_000_000_000
    assert [
        (p["TargetPort"], p.get("PublishedPort"), p["Protocol"], p["PublishMode"])
        for p in spec["EndpointSpec"]["Ports"]
    ] == [
        (70, 7000, "tcp", "ingress"),
        (71, 7001, "tcp", "ingress"),
        (80, 9000, "udp", "host"),
    ]
    assert spec["Mode"] == {"Replicated": {"Replicas": 2}} and spec["Labels"]["team"] == "a"
    assert spec["TaskTemplate"]["Resources"]["Limits"] == {"NanoCPUs": 250_000_000, "MemoryBytes": 64 * 1024**2}
    assert spec["TaskTemplate"]["RestartPolicy"] == {
        "Condition": "on-failure",
        "Delay": 2_000_000_000,
        "MaxAttempts": 3,
    }
    assert spec["UpdateConfig"]["Parallelism"] == 2 and spec["UpdateConfig"]["FailureAction"] == "rollback"
    assert spec["TaskTemplate"]["Placement"] == {"Constraints": ["node.role==worker"], "MaxReplicas": 1}


def test_an_invalid_image_reference_is_refused_client_side(c):
    result = c.docker("stack deploy -c - bad", stdin="services:\n  web:\n    image: NGINX\n")
    assert result.stderr.endswith(
        "invalid image reference for service web: invalid reference format: repository name (library/NGINX) must be "
        "lowercase\n"
    )


def test_with_registry_auth_sends_the_login_of_the_images_registry(c, monkeypatch):
    c.registries.start("registry.example.com", host="manager-1", users={"alice": "s3cret"})
    assert c.docker("login -u alice --password-stdin registry.example.com", stdin="s3cret\n").exit_code == 0
    sent = []
    call = c.engine.call

    def spy(node, method, path, **kwargs):
        if path == "/services/create":
            sent.append((kwargs["body"]["Name"], (kwargs.get("headers") or {}).get("X-Registry-Auth")))
        return call(node, method, path, **kwargs)

    monkeypatch.setattr(c.engine, "call", spy)
    compose = "services:\n  a:\n    image: registry.example.com/shop/a:1\n  b:\n    image: nginx:1.27\n"
    assert c.docker("stack deploy -d --with-registry-auth -c - s", stdin=compose).exit_code == 0
    (a, a_auth), (b, b_auth) = sent
    assert (a, b) == ("s_a", "s_b")
    assert decode_auth(a_auth)["username"] == "alice" and decode_auth(b_auth) == {}


def test_service_volumes_become_mounts_of_the_stacks_volumes():
    config = compose.load(
        "services:\n  db:\n    image: redis:7\n"
        '    volumes: ["data:/data", "/etc/hosts:/h:ro", "/scratch", {type: tmpfs, target: /tmp}, "ext:/e"]\n'
        "volumes:\n  data:\n    labels: {tier: db}\n    driver: nfs\n  ext:\n    external: true\n    name: shared\n",
        warn=lambda text: None,
    )
    mounts = compose.services("s", config)["db"]["TaskTemplate"]["ContainerSpec"]["Mounts"]
    assert mounts == [
        {
            "Type": "volume",
            "Target": "/data",
            "Source": "s_data",
            "VolumeOptions": {
                "Labels": {"tier": "db", "com.docker.stack.namespace": "s"},
                "DriverConfig": {"Name": "nfs", "Options": {}},
            },
        },
        {"Type": "bind", "Target": "/h", "Source": "/etc/hosts", "ReadOnly": True},
        {"Type": "volume", "Target": "/scratch"},
        {"Type": "tmpfs", "Target": "/tmp"},
        {"Type": "volume", "Target": "/e", "Source": "shared", "VolumeOptions": {}},
    ]


def test_an_undeclared_volume_is_refused(c):
    result = c.docker(
        "stack deploy -d -c - s", stdin="services:\n  db:\n    image: redis:7\n    volumes: [nope:/data]\n"
    )
    assert (result.exit_code, result.stderr) == (1, 'service db: undefined volume "nope"\n')


def test_an_external_network_must_be_swarm_scoped_and_is_not_created(c):
    compose_text = "services:\n  web:\n    image: x\n    networks: [shared]\nnetworks:\n  shared:\n    external: true\n"
    assert c.docker("network create --driver bridge shared").exit_code == 0
    local = c.docker("stack deploy -d -c - s", stdin=compose_text)
    assert local.stderr == (
        'network "shared" is declared as external, but it is not in the right scope: "local" instead of "swarm"\n'
    )
    assert c.docker("network rm shared").exit_code == 0
    assert c.docker("network create --driver overlay shared").exit_code == 0
    result = c.docker("stack deploy -d -c - s", stdin=compose_text)
    assert (result.exit_code, result.stdout) == (0, "Creating service s_web\n")
    target = c.docker("service inspect --format '{{range .Spec.TaskTemplate.Networks}}{{.Target}}{{end}}' s_web")
    shared_id = c.docker("network inspect --format '{{.Id}}' shared").stdout.strip()
    assert target.stdout.strip() in ("shared", shared_id)  # the external network itself, not s_shared


@settings(max_examples=15, deadline=None)
@given(
    services=st.dictionaries(
        st.sampled_from(["web", "api", "db", "cache"]),
        st.tuples(st.integers(0, 3), st.lists(st.sampled_from(["front", "back"]), unique=True)),
        min_size=1,
    )
)
def test_deploy_then_rm_leaves_nothing_of_the_stack(services):
    c = caasnb.Cluster(managers=1, workers=1, seed=11)
    lines = ["services:"]
    for name, (replicas, nets) in services.items():
        lines += [f"  {name}:", "    image: nginx:1.27", f"    deploy: {{replicas: {replicas}}}"]
        if nets:
            lines.append(f"    networks: [{', '.join(nets)}]")
    lines += ["networks:", "  front: {}", "  back: {}"]
    deployed = c.docker("stack deploy -d -c - s", stdin="\n".join(lines) + "\n")
    assert deployed.exit_code == 0, deployed.stderr
    assert deployed.stdout.count("Creating service") == len(services)
    c.run(10)
    assert c.docker("stack ls").stdout == f"NAME      SERVICES\ns         {len(services)}\n"
    assert c.docker("stack rm s").exit_code == 0
    assert c.docker("service ls -q").stdout == ""
    assert c.docker("network ls -q --filter label=com.docker.stack.namespace=s").stdout == ""


def test_rm_without_detach_waits_until_the_tasks_are_gone(c):
    deployed(c)
    result = c.docker("stack rm --detach=false shop")
    assert result.exit_code == 0 and result.stdout.startswith("Removing service shop_db\n")
    assert c.docker("stack ps shop").stderr == "nothing found in stack: shop\n"


def test_several_compose_files_merge_as_docker_merges_them(c, tmp_path):
    base = tmp_path / "base.yml"
    base.write_text(
        'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n    environment: [A=1, B=2]\n'
        '    ports: ["80:80"]\n    command: nginx -g x\n    deploy:\n      replicas: 2\n'
        "      placement: {constraints: [node.role==worker]}\n  db:\n    image: redis:7\n"
    )
    prod = tmp_path / "prod.yml"
    prod.write_text(
        'version: "3.8"\nservices:\n  web:\n    image: nginx:1.28\n    environment: {B: "3", C: "4"}\n'
        '    ports: ["80:8080", "443:443"]\n    command: ["nginx"]\n    deploy:\n      replicas: 4\n'
        "      placement: {constraints: [node.labels.zone==a]}\n"
    )
    result = c.docker(["stack", "deploy", "-d", "-c", str(base), "-c", str(prod), "shop"])
    assert result.exit_code == 0, result.stderr
    spec = c.engine.call("manager-1", "GET", "/services/shop_web")["Spec"]
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert (container["Image"], container["Env"], container["Args"]) == ("nginx:1.28", ["A=1", "B=3", "C=4"], ["nginx"])
    assert [(p["PublishedPort"], p["TargetPort"]) for p in spec["EndpointSpec"]["Ports"]] == [(80, 8080), (443, 443)]
    assert spec["Mode"]["Replicated"]["Replicas"] == 4
    assert spec["TaskTemplate"]["Placement"]["Constraints"] == ["node.role==worker", "node.labels.zone==a"]
    assert "shop_db" in c.docker("stack services --format '{{.Name}}' shop").stdout
    other = tmp_path / "other.yml"
    other.write_text('version: "3.7"\nservices:\n  web:\n    image: nginx\n')
    mismatch = c.docker(["stack", "deploy", "-c", str(base), "-c", str(other), "shop"])
    assert mismatch.stderr.endswith("version mismatched between two composefiles : 3.8 and 3.7\n")
