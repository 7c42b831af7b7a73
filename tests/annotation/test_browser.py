"""In a real browser (Debian's chromium): pre-annotations highlight exactly their mention texts.

Label Studio 1.23 stores code-point offsets; if the two sides disagreed (UTF-16 offsets), the highlights after an
emoji would cover the wrong characters and this test would see it.
"""

import os
import shutil
from pathlib import Path

import pytest

from parley.annotation.client import AnnotationClient
from parley.annotation.config import ENTITY, TRIGGER, label_config
from parley.annotation.push import gold_pre_annotations, push_documents
from parley.annotation.server import RunningServer
from parley.annotation.tasks import record_results
from parley.corpus.loading import load_documents
from parley.schema.records import Document
from tests.annotation.conftest import LOGIN
from tests.annotation.test_convert import overlapping_document

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KEEP_VARIABLE = "PARLEY_KEEP_SCREENSHOT"

# Each region's highlight spans carry the class `htx-highlight-<region id>-<n>`; a region split around an
# overlapping one has several spans, and spans of one region nested in each other are counted once. A span without
# a background colour is marked, so a region drawn but not highlighted fails the comparison.
_HIGHLIGHTED_TEXT = """() => {
  const texts = {};
  for (const element of document.querySelectorAll('.htx-highlight')) {
    const name = [...element.classList].find(c => /^htx-highlight-.+-[0-9]+$/.test(c));
    if (!name) continue;
    const region = name.replace(/^htx-highlight-/, '').replace(/-[0-9]+$/, '');
    if (element.parentElement.closest('.' + CSS.escape(name))) continue;
    texts[region] = (texts[region] || '') + element.textContent;
    if (getComputedStyle(element).backgroundColor === 'rgba(0, 0, 0, 0)') texts[region] += ' [NOT COLOURED]';
  }
  return texts;
}"""


def _seed() -> Document:
    documents = load_documents()
    return next((document for document in documents if document["id"].startswith("seed-")), documents[0])


def _expected_highlights(document: Document) -> dict[str, str]:
    return {
        result["id"]: result["value"]["text"]
        for result in record_results(document)
        if result.get("type") == "labels" and result["from_name"] in (TRIGGER, ENTITY)
    }


@pytest.mark.labelstudio
@pytest.mark.browser
@pytest.mark.timeout(900)
def test_highlighted_regions_read_exactly_their_mention_texts(
    label_studio: RunningServer, client: AnnotationClient, tmp_path: Path, checkout: Path
) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing; run `make setup-browser`"
    seed, exotic = _seed(), overlapping_document()
    project = client.project_id("Parley", label_config())
    push_documents(client, project, [seed, exotic], predictions=gold_pre_annotations([seed, exotic]))
    tasks = {task.document_id: task.id for task in client.existing_tasks(project)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            page.set_default_timeout(120_000)
            page.goto(f"{label_studio.url}/user/login")
            page.fill("input[name=email]", LOGIN.email)
            page.fill("input[name=password]", LOGIN.password)
            page.click("button[type=submit]")
            page.wait_for_function("() => !location.pathname.startsWith('/user/login')")
            for document in (seed, exotic):
                page.goto(f"{label_studio.url}/projects/{project}/data?task={tasks[document['id']]}")
                expected = _expected_highlights(document)
                page.wait_for_function(f"() => document.querySelectorAll('.htx-highlight').length >= {len(expected)}")
                if document is seed:
                    # The relation arrows hide the text; the screenshot is for reading the highlights.
                    page.add_style_tag(content=".relations-overlay { display: none !important; }")
                    screenshot = tmp_path / "seed-task.png"
                    page.screenshot(path=str(screenshot), full_page=True)
                    if os.environ.get(KEEP_VARIABLE) == "1":
                        kept = checkout / "annotation" / "screenshots" / "seed-task.png"
                        kept.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(screenshot, kept)
                assert page.evaluate(_HIGHLIGHTED_TEXT) == expected, document["id"]
        finally:
            browser.close()
