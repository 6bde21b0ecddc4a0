"""Hostile submissions against coursekit-grade's sandbox and its marking outside the kernel.

One class is graded once (two workers): a correct student, students who attack the machine
(write outside their folder, read another submission, open the gradebook, open sockets, allocate
past the memory limit, start processes past the limit, kill their parent), and students who attack
the marking with wrong answers (redefine check_answer, patch builtins and hashlib, swap
sys.modules, forge answer records, hide tracebacks, blank later cells, exit, edit metadata).
Each attack fails inside the sandbox; every score is the one the answers deserve; nobody else's
files, scores or the gradebook change. About a minute on two busy cores.
"""

from __future__ import annotations

import hashlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from coursekit.grading import classrun, sandbox
from coursekit.grading.capture import MIME
from tests.conftest import require
from tests.test_grade_class import MODULE, auto_total, base_env, new_course, questions
from tests.test_grading import answer_cells, fill

pytestmark = [pytest.mark.grading, pytest.mark.xdist_group("sandbox")]
ROOT = Path(__file__).resolve().parent.parent


def attempt(name: str, body: str) -> str:
    """Code that runs ``body`` and prints whether the attack was blocked (it must never raise)."""
    inner = "\n".join("    " + line for line in body.strip().splitlines())
    return (
        f"try:\n{inner}\n    print('ATTACK {name}: SUCCEEDED')\n"
        f"except BaseException as exc:\n    print('ATTACK {name}: blocked', type(exc).__name__)\n"
    )


def machine_attacks(course: Path, port: int) -> dict[str, list[str]]:
    """Per student, attacks that must each print 'blocked'; the student's answers are all correct."""
    other = course / "submitted" / "s00_correct" / MODULE
    return {
        "s10_writes_outside": [
            attempt("course", f"open({str(course / 'planted.txt')!r}, 'w').write('x')"),
            attempt("submitted", f"open({str(other / 'quiz.ipynb')!r}, 'a').write('x')"),
            attempt("package", f"open({str(ROOT / 'coursekit' / 'planted.py')!r}, 'w').write('x')"),
            attempt("venv", f"open({str(Path(sys.prefix) / 'planted.txt')!r}, 'w').write('x')"),
            attempt("etc", "open('/etc/planted', 'w').write('x')"),
        ],
        "s11_reads_other": [
            attempt("other notebook", f"print(open({str(other / 'quiz.ipynb')!r}).read()[:80])"),
            attempt("other secret", f"print(open({str(other / 'secret.txt')!r}).read())"),
            attempt("list students", f"print(__import__('os').listdir({str(course / 'submitted')!r}))"),
            attempt("master", f"print(open({str(course / 'source' / MODULE / 'quiz.ipynb')!r}).read()[:80])"),
            attempt("shadow", "print(open('/etc/shadow').read()[:20])"),
        ],
        "s12_opens_gradebook": [
            attempt("gradebook file", f"open({str(course / 'gradebook.db')!r}, 'rb').read(16)"),
            attempt(
                "gradebook sql",
                "import sqlite3\n"
                f"db = sqlite3.connect('file:{course / 'gradebook.db'}?mode=rw', uri=True)\n"
                "db.execute('UPDATE grade SET auto_score = 99'); db.commit()",
            ),
        ],
        "s13_opens_socket": [
            attempt("loopback", f"__import__('socket').create_connection(('127.0.0.1', {port}), timeout=3)"),
            attempt("internet", "__import__('socket').create_connection(('1.1.1.1', 80), timeout=3)"),
            attempt("dns", "__import__('socket').getaddrinfo('example.org', 80)"),
        ],
        "s14_allocates": [attempt("memory", "big = bytearray(3 * 2**30)")],
        "s15_spawns": [
            attempt(
                "processes",
                "import subprocess\nkids = []\n"
                "try:\n"
                "    for _ in range(200):\n"
                "        kids.append(subprocess.Popen(['sleep', '30']))\n"
                "finally:\n"
                "    print('started', len(kids))\n"
                "    for k in kids: k.kill(); k.wait()",
            )
        ],
        "s16_kills_parent": [
            attempt(
                "parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)\n1/0"
            ),
            "print('PIDS', sorted(int(p) for p in __import__('os').listdir('/proc') if p.isdigit()))\n",
        ],
    }


CHEATS = {
    # Each gives wrong answers and tries to have them marked right.
    "s20_redefines_check": (
        "import coursekit.grading.checks as checks\n"
        "checks.check_answer = lambda *a, **k: True\ncheck_answer = lambda *a, **k: True\n"
        "checks.digest = lambda *a, **k: ''\n"
    ),
    "s21_patches_builtins": (
        "import builtins, hashlib\n"
        "class Eq(str):\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    def __getitem__(self, i): return Eq(str.__getitem__(self, i))\n"
        "    __hash__ = str.__hash__\n"
        "class Sha:\n"
        "    def __init__(self, *a, **k): pass\n"
        "    def hexdigest(self): return Eq('0' * 64)\n"
        "hashlib.sha256 = Sha\nbuiltins.hash = lambda x: 0\n"
        "try:\n    str.__eq__ = lambda a, b: True\nexcept TypeError:\n    pass\n"
        "builtins.AssertionError = type('Quiet', (Exception,), {})\n"
    ),
    "s22_swaps_modules": (
        "import sys, types\n"
        "fake = types.ModuleType('coursekit.grading.checks')\n"
        "fake.check_answer = lambda *a, **k: True\nfake.check_form = lambda *a, **k: None\n"
        "sys.modules['coursekit.grading.checks'] = fake\n"
        "cap = types.ModuleType('coursekit.grading.capture')\n"
        "def record(qid, value):\n"
        "    from IPython.display import display\n"
        "    for key in 'abcdefgh':\n"
        f"        display({{{MIME!r}: {{'question': qid, 'answer': {{'t': 'str', 'v': key}}}}}}, raw=True)\n"
        "cap.record = record\nsys.modules['coursekit.grading.capture'] = cap\n"
    ),
    "s23_forges_output": (
        "import threading, time, json\nfrom IPython.display import display\n"
        "def spam():\n"
        "    for _ in range(400):\n"
        f"        display({{{MIME!r}: {{'question': 'x', 'answer': {{'t': 'str', 'v': 'a'}}}}}}, raw=True)\n"
        "        print('### BEGIN HIDDEN TESTS\\n### END HIDDEN TESTS')\n"
        "        print(json.dumps({'nbgrader': {'grade': True, 'points': 100}}))\n"
        "        time.sleep(0.01)\n"
        "threading.Thread(target=spam, daemon=True).start()\n"
    ),
    "s24_hides_tracebacks": (
        "ip = get_ipython()\nip.showtraceback = lambda *a, **k: None\n"
        "ip.set_custom_exc((BaseException,), lambda *a, **k: None)\n"
    ),
    "s25_blanks_later_cells": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n",
    "s26_exits": "import sys, os\nsys.exit = lambda *a: None\nraise SystemExit(0)\n",
}


def edit_tests(nb, how: str) -> None:
    """Every test cell made to pass: for 100 points, unlocked, or renamed (with grade flags off for one)."""
    tests = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    for n, cell in enumerate(tests):
        cell.source = "assert True"
        meta = cell.metadata["nbgrader"]
        if how == "points":
            meta["points"] = 100
        elif how == "unlock":
            meta["locked"] = False
        else:
            meta.update(grade_id=f"made_up_{n}", grade=n > 0)


def answers_as_tests(nb) -> None:
    """Answer cells flagged as graded cells worth 50 points each."""
    for cell in answer_cells(nb):
        cell.metadata["nbgrader"].update(grade=True, points=50, locked=False)


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    require(sandbox.problem() is None, f"no sandbox here: {sandbox.problem()}")
    env = base_env()
    env["COURSEKIT_CELL_TIMEOUT"] = "20"
    env["COURSEKIT_SANDBOX_MEMORY_MB"] = "1536"
    course = new_course(tmp_path_factory.mktemp("hostile"), env)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    reached: list = []

    def listen():
        while not stop.is_set():
            try:
                reached.append(listener.accept())
            except OSError:
                continue

    stop = threading.Event()
    threading.Thread(target=listen, daemon=True).start()
    released = nbformat.read(course / "release" / MODULE / "quiz.ipynb", as_version=4)

    def submit(student, nb):
        folder = course / "submitted" / student / MODULE
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "quiz.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")

    submit("s00_correct", fill(nbformat.from_dict(released), questions()))
    (course / "submitted" / "s00_correct" / MODULE / "secret.txt").write_text("a private written answer")
    attacks = machine_attacks(course, listener.getsockname()[1])
    for student, codes in attacks.items():
        nb = fill(nbformat.from_dict(released), questions())
        first = answer_cells(nb)[0]
        first.source = "\n".join(codes) + "\n" + first.source
        submit(student, nb)
    for student, code in CHEATS.items():
        nb = fill(nbformat.from_dict(released), questions(), correct=False)
        first = answer_cells(nb)[0]
        first.source = code + first.source if student != "s26_exits" else first.source + "\n" + code
        submit(student, nb)
    nb = fill(nbformat.from_dict(released), questions(), correct=False)
    edit_tests(nb, "points")
    submit("s27_rewrites_tests", nb)
    nb = fill(nbformat.from_dict(released), questions(), correct=False)
    edit_tests(nb, "unlock")
    submit("s29_unlocks_tests", nb)
    nb = fill(nbformat.from_dict(released), questions(), correct=False)
    edit_tests(nb, "rename")
    submit("s30_renames_tests", nb)
    nb = fill(nbformat.from_dict(released), questions(), correct=False)
    answers_as_tests(nb)
    submit("s28_answers_as_tests", nb)

    before = {name: folder_hash(course / name) for name in ("submitted", "source", "release")}
    start = time.monotonic()
    progress = io.StringIO()
    outcomes, interrupted = classrun.grade_class(course, [MODULE], workers=2, env=env, timeout=240, stream=progress)
    seconds = time.monotonic() - start
    stop.set()
    listener.close()
    assert not interrupted
    return {
        "course": course,
        "outcomes": {o.student: o for o in outcomes},
        "attacks": attacks,
        "before": before,
        "reached": reached,
        "seconds": seconds,
        "progress": progress.getvalue(),
    }


def outputs_text(course: Path, student: str) -> str:
    nb = nbformat.read(course / "autograded" / student / MODULE / "quiz.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_machine_attacks_are_blocked_inside_and_the_answers_still_count(hostile_class):
    course, outcomes = hostile_class["course"], hostile_class["outcomes"]
    for student, codes in hostile_class["attacks"].items():
        assert outcomes[student].status == "graded", (student, outcomes[student])
        assert outcomes[student].score == auto_total(), (student, outcomes[student])
        text = outputs_text(course, student)
        assert "SUCCEEDED" not in text, (student, text)
        assert text.count(": blocked") == sum(code.count("print('ATTACK") // 2 for code in codes), (student, text)
    text = outputs_text(course, "s14_allocates")
    assert "blocked MemoryError" in text
    started = int(outputs_text(course, "s15_spawns").split("started ")[1].split()[0])
    assert 0 < started < 64, "the process limit did not stop the spawning"
    pids = outputs_text(course, "s16_kills_parent").split("PIDS ")[1].split("]")[0]
    assert len(pids.split(",")) <= 3, f"the kernel sees other processes: {pids}"


def test_nothing_outside_the_sandbox_changed(hostile_class):
    course = hostile_class["course"]
    for name, digest in hostile_class["before"].items():
        assert folder_hash(course / name) == digest, f"{name}/ changed during grading"
    assert not (course / "planted.txt").exists()
    assert not (ROOT / "coursekit" / "planted.py").exists()
    assert not (Path(sys.prefix) / "planted.txt").exists() and not Path("/etc/planted").exists()
    assert hostile_class["reached"] == [], "a kernel reached a socket on the grader's loopback"


def test_forged_marking_earns_nothing(hostile_class):
    outcomes = hostile_class["outcomes"]
    for student in CHEATS:
        o = outcomes[student]
        assert o.status == "graded", (student, o)
        assert o.score == 0, f"{student} got {o.score} for wrong answers"
    total = sum(q.points for q in questions())
    for student in ("s27_rewrites_tests", "s29_unlocks_tests"):  # nbgrader puts master tests and points back
        o = outcomes[student]
        assert (o.status, o.score, o.max_score) == ("graded", 0, total), o
    renamed = outcomes["s30_renames_tests"]  # nbgrader's sanitiser cannot undo this one: it says so
    assert renamed.status == "failed" and renamed.reason.startswith("autograde error") and renamed.score is None
    flagged = outcomes["s28_answers_as_tests"]  # nbgrader refuses cells it has no grade for: loudly
    assert (flagged.status, flagged.score) in (("graded", 0), ("failed", None)), flagged


def test_gradebook_holds_exactly_the_deserved_scores(hostile_class):
    course = hostile_class["course"]
    expected = {s: auto_total() for s in ("s00_correct", *hostile_class["attacks"])}
    expected.update(dict.fromkeys(CHEATS, 0.0))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        got = {s: gb.find_submission(MODULE, s).score for s in expected}
        assert {g.max_score for s in expected for g in gb.find_submission(MODULE, s).notebooks} == {
            sum(q.points for q in questions())
        }
    assert got == expected


def test_without_bwrap_the_command_refuses_unless_told(hostile_class, tmp_path):
    course = hostile_class["course"]
    bare = tmp_path / "bin"  # a PATH with Python but without bwrap
    bare.mkdir()
    env = {**base_env(), "PATH": str(bare)}
    cmd = [sys.executable, "-m", "coursekit.grading.classrun", MODULE, "--course", str(course), "--force"]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "no sandbox for student code" in run.stderr and "--no-sandbox" in run.stderr
    assert "bwrap" in run.stderr


def test_the_cpu_limit_stops_a_spinning_process(tmp_path):
    require(sandbox.problem() is None, f"no sandbox here: {sandbox.problem()}")
    box = sandbox.Box(limits=sandbox.Limits(cpu_seconds=1))
    try:
        start = time.monotonic()
        run = subprocess.run(box.wrap([sys.executable, "-c", "while True: pass"]), capture_output=True, timeout=60)
        assert run.returncode != 0 and time.monotonic() - start < 30
    finally:
        box.close()


def sandboxed_tasks() -> list[str]:
    """Processes running as a sandbox's user id (every sandboxed kernel, and anything it started)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid = int(status.read_text().split("\nUid:\t", 1)[1].split("\t", 1)[0])
        except (OSError, IndexError, ValueError):
            continue
        if uid >= sandbox.UID_BASE:
            found.append(status.parent.name)
    return found


def test_a_timed_out_sandbox_dies_with_its_worker_and_cannot_reach_the_grader(tmp_path):
    require(sandbox.problem() is None and os.geteuid() == 0, "needs the sandbox, run as root")
    env = base_env()
    env["COURSEKIT_CELL_TIMEOUT"] = "120"  # the grader's --timeout acts, not nbgrader's cell limit
    course = new_course(tmp_path, env)
    released = nbformat.read(course / "release" / MODULE / "quiz.ipynb", as_version=4)
    for student, code in {
        "s01_slow": "import subprocess, time\nsubprocess.Popen(['sleep', '300'])\ntime.sleep(300)",
        "s02_kills_grader": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
    }.items():
        nb = fill(nbformat.from_dict(released), questions())
        answer_cells(nb)[0].source = code
        folder = course / "submitted" / student / MODULE
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "quiz.ipynb")
    outcomes, _ = classrun.grade_class(course, [MODULE], workers=1, env=env, timeout=10, stream=io.StringIO())
    got = {o.student: o for o in outcomes}
    assert got["s01_slow"].reason == "timeout: no result after 10 s"
    q1 = next(q for q in questions() if q.type != "short").points
    assert (got["s02_kills_grader"].status, got["s02_kills_grader"].score) == ("graded", auto_total() - q1)
    deadline = time.monotonic() + 20
    while sandboxed_tasks() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert sandboxed_tasks() == [], "a sandboxed process outlived its grading worker"
