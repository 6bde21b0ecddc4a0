"""Localisation: widget words are data, a translation is checked against English, and a made-up
region and a made-up language added to a copy of assets/ show up in the widgets."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coursekit.course import strings

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ROOT / "coursekit" / "topics"
# Keyword arguments through which a widget shows words to the learner.
SHOWN = {"description", "tooltip", "placeholder", "button_style_label"}


def text_calls(path: Path) -> list[tuple[str, str, int]]:
    """(section, key, line) of every ``text("section", "key", ...)`` call with literal arguments."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "text":
            args = node.args[:2]
            if len(args) == 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                found.append((args[0].value, args[1].value, node.lineno))
    return found


def test_every_text_the_code_asks_for_exists_in_english():
    english = strings.table("en")
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {section}.{key}"
        for path in sorted((ROOT / "coursekit").rglob("*.py"))
        for section, key, line in text_calls(path)
        if key not in english.get(section, {})
    ]
    assert not missing, missing


def test_widget_labels_are_not_written_in_python():
    """A label, tooltip or placeholder given as a literal in a topic's code is a string a translator can't reach."""
    literal = []
    for path in sorted(TOPICS.rglob("*.py")) + sorted((ROOT / "coursekit" / "course").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            for kw in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                value = kw.value
                if kw.arg in SHOWN and isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                    literal.append(f"{path.relative_to(ROOT)}:{node.lineno}: {kw.arg}={value.value!r}")
    assert not literal, "move these into assets/strings/<topic>.yaml:\n" + "\n".join(literal)


@pytest.fixture
def copy_of_assets(tmp_path) -> Path:
    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "assets", assets, ignore=shutil.ignore_patterns("__pycache__"))
    return assets


def run_with(assets: Path, code: str, lang: str = "xx") -> subprocess.CompletedProcess:
    env = {**os.environ, "COURSEKIT_ASSETS": str(assets), "COURSEKIT_LANG": lang}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def add_language(assets: Path, strings_by_section: dict[str, dict[str, str]]) -> None:
    folder = assets / "locales" / "xx" / "strings"
    folder.mkdir(parents=True)
    for section, texts in strings_by_section.items():
        (folder / f"{section}.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True))


def test_a_made_up_region_and_language_show_in_the_widgets(copy_of_assets):
    data_file = copy_of_assets / "data" / "warning_signs.yaml"
    data = yaml.safe_load(data_file.read_text())
    region = {**data["regions"][0], "id": "zz", "name": "Zedland (made up)", "emergency": "000-ZED"}
    region.pop("support", None)
    data["regions"].append(region)
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    add_language(copy_of_assets, {"course": {"choose_region": "Xx: vyberte region"}})
    code = (
        "import json\n"
        "from coursekit.topics import warning_signs as ws\n"
        "from coursekit.topics.warning_signs import widgets as v\n"
        "t = ws.SymptomTriage()\n"
        "options = [label for label, _ in v.region_options()]\n"
        "print(json.dumps({'options': options, 'numbers': v.numbers_html('zz', None)}))\n"
    )
    run = run_with(copy_of_assets, code)
    assert run.returncode == 0, run.stderr[-3000:]
    shown = json.loads(run.stdout.strip().splitlines()[-1])
    assert shown["options"][0] == "Xx: vyberte region"  # the made-up language
    assert "Zedland (made up)" in shown["options"]  # the made-up region
    assert "000-ZED" in shown["numbers"]
    # The same copy in English: the language is a choice, not a change to the course.
    english = run_with(copy_of_assets, code, lang="en")
    assert json.loads(english.stdout.strip().splitlines()[-1])["options"][0] == "Choose where you are"


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ({"course": {"choose_regoin": "typo"}}, "not a key of strings/course.yaml"),
        ({"course": {"choose_region": "Region {name}"}}, "exactly the placeholders"),
        ({"course": {"choose_region": ["a list"]}}, "expected text"),
    ],
    ids=["unknown key", "placeholder", "not text"],
)
def test_a_broken_translation_fails_with_the_file_and_key(copy_of_assets, texts, message):
    add_language(copy_of_assets, texts)
    run = run_with(copy_of_assets, "from coursekit.course import strings; strings.text('course', 'choose_region')")
    assert run.returncode != 0
    assert "ContentError" in run.stderr and message in run.stderr and "course" in run.stderr


def test_an_unknown_language_is_a_clear_error(copy_of_assets):
    run = run_with(copy_of_assets, "from coursekit.course import strings; strings.text('course', 'choose_region')")
    assert "no such language" in run.stderr
    bad = run_with(
        copy_of_assets, "from coursekit.course import strings; strings.text('course', 'choose_region')", "../x"
    )
    assert "expected a language code" in bad.stderr


def test_an_untranslated_key_falls_back_to_english(copy_of_assets):
    add_language(copy_of_assets, {"course": {}})
    run = run_with(
        copy_of_assets, "from coursekit.course import strings; print(strings.text('course', 'choose_region'))"
    )
    assert run.stdout.strip() == "Choose where you are", run.stderr[-2000:]
