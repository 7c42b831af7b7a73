"""The annotator's documented path, in a real browser (Debian's chromium), on the 10-event practice document.

Only the gestures `annotation/README.md` documents: a label's hotkey then a double-click on the words; a click on
the trigger, Alt+R and a click on the mention for each argument (unlabelled: the default role); a click on the
trigger and on a choice for a realis other than the default; Escape between events; Ctrl+Enter to submit. The
record `pull` makes of the submitted annotation equals the intended one (ids aside: regions drawn in the browser get
fresh ids), and the UI actions used are counted and reported per event and per argument: they match the count
`parley.annotation.gestures` predicts for the documented path, which `benchmarks/annotation_actions.py` reports.
"""

import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from parley.annotation.client import AnnotationClient
from parley.annotation.config import DEFAULT_REALIS, ENTITY_HOTKEYS, TRIGGER_HOTKEYS, label_config
from parley.annotation.gestures import count_actions, practice_document
from parley.annotation.pull import pull_records
from parley.annotation.push import push_documents
from parley.annotation.server import RunningServer
from parley.schema.records import Document, Mention
from tests.annotation.conftest import LOGIN
from tests.annotation.test_browser import CHROMIUM, CHROMIUM_ARGS, KEEP_VARIABLE

_RESULTS = "() => window.Htx.annotationStore.selected.serializeAnnotation()"
# The viewport centre of text[start:end], found by walking the text nodes of the rendered document; null while the
# document is not rendered (Label Studio re-renders it when a label is chosen).
_CENTRE = """([start, end]) => {
  const root = document.querySelector('.lsf-richtext__line');
  if (root === null) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0, node, first = null, last = null;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (first === null && start < seen + length) first = [node, start - seen];
    if (end <= seen + length) { last = [node, end - seen]; break; }
    seen += length;
  }
  if (first === null || last === null) return null;
  const range = document.createRange();
  range.setStart(...first); range.setEnd(...last);
  const box = range.getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2, text: range.toString()};
}"""


class Annotator:
    """Drives the page as a person would and counts every UI action (a click, a double-click, a key press)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.actions: Counter[str] = Counter()

    def _centre(self, mention: Mention) -> tuple[float, float]:
        found = self.page.wait_for_function(_CENTRE, arg=[mention["start"], mention["end"]]).json_value()
        assert found["text"] == mention["text"], found
        return found["x"], found["y"]

    def _results(self) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = self.page.evaluate(_RESULTS)
        return results

    def _wait(self, kind: str, count: int) -> None:
        self.page.wait_for_function(
            f"() => window.Htx.annotationStore.selected.serializeAnnotation().filter(r => r.type === '{kind}')"
            f".length >= {count}"
        )

    def key(self, key: str, what: str) -> None:
        """Press `key`, written as the config writes hotkeys (`n`, `shift+s`) or as Playwright does (`Alt+r`)."""
        if key.startswith("shift+"):
            key = f"Shift+{key.removeprefix('shift+').upper()}"
        self.page.keyboard.press(key)
        self.actions[what] += 1

    def draw(self, hotkey: str, mention: Mention, what: str) -> None:
        before = sum(1 for result in self._results() if result["type"] == "labels")
        self.key(hotkey, what)
        x, y = self._centre(mention)
        self.page.mouse.dblclick(x, y)
        self.actions[what] += 1
        self._wait("labels", before + 1)

    def click(self, mention: Mention, what: str) -> None:
        x, y = self._centre(mention)
        self.page.mouse.click(x, y)
        self.actions[what] += 1
        time.sleep(0.2)

    def arrow(self, trigger: Mention, mention: Mention) -> None:
        before = sum(1 for result in self._results() if result["type"] == "relation")
        self.click(trigger, "roles")
        self.key("Alt+r", "roles")
        self.click(mention, "roles")
        self._wait("relation", before + 1)

    def choose(self, trigger: Mention, value: str) -> None:
        self.click(trigger, "attributes")
        self.page.locator(f"label:visible:has-text('{value}')").first.click()
        self.actions["attributes"] += 1
        self.page.wait_for_function(
            "() => window.Htx.annotationStore.selected.serializeAnnotation()"
            f".some(r => r.type === 'choices' && r.value.choices.includes('{value}'))"
        )


def _annotate(annotator: Annotator, document: Document, screenshots: Path) -> None:
    entities = {entity["id"]: entity for entity in document["entities"]}
    used: Counter[str] = Counter()
    for number, event in enumerate(document["events"]):
        [trigger] = event["triggers"]
        annotator.draw(TRIGGER_HOTKEYS[event["type"]], trigger, "regions")
        mentions = []
        for argument in event["arguments"]:
            entity = entities[argument["entity"]]
            # This event's mention of the entity: the entity's next mention in reading order.
            mention = entity["mentions"][used[entity["id"]]]
            used[entity["id"]] += 1
            annotator.draw(ENTITY_HOTKEYS[entity["type"]], mention, "regions")
            mentions.append(mention)
        for mention in mentions:
            annotator.arrow(trigger, mention)
        if event["attributes"]["realis"] != DEFAULT_REALIS:
            annotator.choose(trigger, event["attributes"]["realis"])
            annotator.page.screenshot(path=str(screenshots / "3-realis.png"))
        if number == 0:
            annotator.click(trigger, "screenshot")  # not counted below: only to show the per-region fields
            annotator.page.screenshot(path=str(screenshots / "1-first-event.png"))
        annotator.key("Escape", "unselect")
    annotator.page.screenshot(path=str(screenshots / "2-ten-events.png"), full_page=True)


def _canonical(record: dict[str, Any]) -> dict[str, Any]:
    """The record's content with ids replaced by their first mention's offset (fresh ids differ, nothing else may)."""
    entity_ids = {e["id"]: f"E{e['mentions'][0]['start']}" for e in record["entities"]}
    event_ids = {e["id"]: f"V{e['triggers'][0]['start']}" for e in record["events"]}
    entities = sorted(({**e, "id": entity_ids[e["id"]]} for e in record["entities"]), key=lambda e: e["id"])
    events = [
        {
            **event,
            "id": event_ids[event["id"]],
            "arguments": sorted((a["role"], entity_ids[a["entity"]]) for a in event["arguments"]),
        }
        for event in sorted(record["events"], key=lambda e: e["triggers"][0]["start"])
    ]
    return {"entities": entities, "events": events, "relations": record.get("relations", [])}


@pytest.mark.labelstudio
@pytest.mark.browser
@pytest.mark.timeout(900)
def test_the_documented_path_annotates_ten_events_and_pulls_them_back_exactly(
    label_studio: RunningServer, client: AnnotationClient, tmp_path: Path, checkout: Path
) -> None:
    from playwright.sync_api import sync_playwright

    document = practice_document(10)
    project = client.project_id("Parley", label_config())
    push_documents(client, project, [document])
    [task] = client.existing_tasks(project)
    screenshots = tmp_path / "screenshots"
    screenshots.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{label_studio.url}/user/login")
            page.fill("input[name=email]", LOGIN.email)
            page.fill("input[name=password]", LOGIN.password)
            page.click("button[type=submit]")
            page.wait_for_function("() => !location.pathname.startsWith('/user/login')")
            page.goto(f"{label_studio.url}/projects/{project}/data?task={task.id}")
            page.wait_for_selector(".lsf-richtext__line")
            page.wait_for_function("() => window.Htx && window.Htx.annotationStore.selected")
            annotator = Annotator(page)
            _annotate(annotator, document, screenshots)
            annotator.key("Control+Enter", "submit")
            deadline = time.monotonic() + 60
            while not client.existing_tasks(project)[0].annotations:
                assert time.monotonic() < deadline, "the annotation was not submitted"
                time.sleep(0.5)
        finally:
            browser.close()
    report = pull_records(client, project)
    assert report.errors == [] and report.invalid == [], [p.format() for p in report.errors]
    [record] = report.records
    assert _canonical(dict(record)) == _canonical(dict(document))
    used = +annotator.actions
    del used["screenshot"]
    expected = count_actions(document, before=False)
    assert dict(used) == expected.actions, "the browser used other actions than the documented path predicts"
    total = sum(used.values())
    print(
        f"\n10-event practice document: {total} UI actions, {total / 10:.1f} per event, "
        f"{used['roles'] / 30:.1f} per argument (arrows and roles); by kind: {dict(used)}"
    )
    if os.environ.get(KEEP_VARIABLE) == "1":
        kept = checkout / "annotation" / "screenshots"
        kept.mkdir(parents=True, exist_ok=True)
        for shot in screenshots.glob("*.png"):
            shutil.copyfile(shot, kept / shot.name)
