"""An adapter for any OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp server, hosted APIs).

It sends the article with a short form of the guidelines and the prediction schema (`prompt.md`, filled in
from the vocabulary), asks for a JSON object, validates the reply, and asks once more with the validation
problems when it is invalid. Every successful HTTP response is cached on disk under the sha256 of the canonical
request, so a rerun costs no request. 429 and 5xx responses, timeouts and dropped connections are retried
with backoff, honouring Retry-After; a permanent failure (a name that does not resolve, a malformed URL) is not.
Redirects are refused, so the API key is only ever sent to the configured origin. Only the standard library is
used.
"""

import datetime as dt
import email.utils
import hashlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

from parley.reading import InputError, clip, parse_json, read_bytes
from parley.schema.validation import load_schema, validate_record
from parley.schema.vocabulary import Term, grouped_pairs, vocabulary
from parley.systems.interface import InputDocument
from parley.urls import scrubbed, shown_url

SYSTEM_NAME = "openai-compatible"
DEFAULT_CACHE_DIR = Path("build/llm-cache")
MAX_PROBLEMS_SHOWN = 20
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The largest response read: a prediction for one article is a few kilobytes."""


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: urllib would resend the Authorization header to wherever it points."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_RefuseRedirects)


class LLMError(Exception):
    """The endpoint could not give a usable answer; the message says why, in one line."""


@dataclass(frozen=True)
class LLMSettings:
    base_url: str
    """The API root, e.g. http://localhost:8000/v1; `/chat/completions` is appended."""
    model: str
    api_key: str | None = None
    timeout: float = 120.0
    """Seconds to wait for one response."""
    max_attempts: int = 5
    """Tries per request, counting the first, on 429, 5xx, timeouts and dropped connections."""
    backoff: float = 1.0
    """Seconds before the first retry when the server gives no Retry-After; doubled on each further retry."""
    max_wait: float = 60.0
    """The longest single wait, whatever Retry-After says."""
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    temperature: float = 0.0


def _term_lines(terms: tuple[Term, ...], extra: dict[str, str] | None = None) -> str:
    return "\n".join(f"- {t.value}: {t.description}{(extra or {}).get(t.value, '')}" for t in terms)


@cache
def system_prompt() -> str:
    """The instructions: `prompt.md` with the vocabulary and the prediction schema filled in."""
    vocab = vocabulary()
    template = Template(files("parley.systems").joinpath("prompt.md").read_text(encoding="utf-8"))
    return template.substitute(
        event_types=_term_lines(
            vocab.event_types, {t: f" Roles: {', '.join(roles)}." for t, roles in vocab.allowed_roles.items()}
        ),
        roles=_term_lines(
            vocab.roles, {r: f" Entity types: {', '.join(ts)}." for r, ts in vocab.role_entity_types.items()}
        ),
        entity_types=_term_lines(vocab.entity_types),
        relation_types=_term_lines(
            vocab.relation_types,
            {
                kind: " Pairs: "
                + "; ".join(f"{', '.join(sources)} -> {', '.join(to)}" for sources, to in grouped_pairs(pairs))
                + "."
                for kind, pairs in vocab.relation_pairs.items()
            },
        ),
        polarities=_term_lines(vocab.polarities),
        realis_values=_term_lines(vocab.realis_values),
        schema=json.dumps(load_schema("prediction.schema.json"), separators=(",", ":")),
    )


def user_message(document: InputDocument) -> str:
    return (
        f"Document id: {document['id']}\nDateline: {document['date']}\nTitle: {document['title']}\n\n"
        f"Article:\n{document['text']}"
    )


def repair_message(problems: list[str]) -> str:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = f"\n(and {len(problems) - len(shown)} more)" if len(problems) > len(shown) else ""
    listing = "\n".join(f"- {problem}" for problem in shown)
    return f"Your answer is not a valid record:\n{listing}{more}\nAnswer again with the whole corrected JSON object."


def request_key(url: str, body: dict[str, Any]) -> str:
    """The sha256 of the canonical request (endpoint and body; the API key is not part of it)."""
    canonical = json.dumps({"url": url, "body": body}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def strip_fences(content: str) -> str:
    stripped = content.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    return stripped


def parse_reply(content: str, document: InputDocument) -> tuple[dict[str, Any] | None, list[str]]:
    """The record in a reply and its problems (empty when valid). The id is set to the document's."""
    try:
        record = parse_json(strip_fences(content))
    except InputError as error:
        if error.code == "not-json":
            return None, [f"the reply is not JSON: {error.message}"]
        return None, [f"the reply is not usable JSON ({error.code}): {error.message}"]
    if not isinstance(record, dict):
        return None, [f"the reply is a JSON {type(record).__name__}, not an object"]
    record["id"] = document["id"]
    problems = validate_record(record, "prediction")
    return record, [f"{problem.pointer or '/'}: {problem.message}" for problem in problems]


class OpenAICompatibleSystem:
    """A system backed by a chat endpoint; safe to call from several threads at once."""

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self.url = settings.base_url.rstrip("/") + "/chat/completions"
        self.shown_url = shown_url(self.url)

    def __call__(self, document: InputDocument) -> dict[str, Any]:
        messages = [
            {"role": "system", "content": system_prompt()},
            {"role": "user", "content": user_message(document)},
        ]
        content = self.complete(messages)
        record, problems = parse_reply(content, document)
        if not problems and record is not None:
            return record
        messages += [{"role": "assistant", "content": content}, {"role": "user", "content": repair_message(problems)}]
        record, problems = parse_reply(self.complete(messages), document)
        if problems or record is None:
            raise LLMError(f"still invalid after one repair: {'; '.join(problems[:5])}")
        return record

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant's reply to `messages`, from the cache when this exact request was answered before."""
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            "temperature": self.settings.temperature,
            "response_format": {"type": "json_object"},
        }
        cached = self._cache_file(body)
        if cached is not None and cached.is_file():
            try:
                return _content(read_json_bytes(cached))
            except (InputError, LLMError):
                # A cache file cut short (a full disk, a killed run) would fail its document forever: evict it.
                cached.unlink(missing_ok=True)
        response = self._post(body)
        content = _content(response)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{time.monotonic_ns()}.partial")
            partial.write_text(json.dumps(response, ensure_ascii=False), encoding="utf-8")
            partial.replace(cached)
        return content

    def _cache_file(self, body: dict[str, Any]) -> Path | None:
        if self.settings.cache_dir is None:
            return None
        return self.settings.cache_dir / f"{request_key(self.url, body)}.json"

    def _post(self, body: dict[str, Any]) -> Any:
        try:
            return self._post_attempts(body)
        except LLMError as error:
            raise LLMError(scrubbed(str(error), self.url)) from None

    def _post_attempts(self, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        url = self.shown_url
        last = "no attempt made"
        for attempt in range(self.settings.max_attempts):
            wait = self.settings.backoff * 2**attempt
            try:
                request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
                with _OPENER.open(request, timeout=self.settings.timeout) as response:
                    payload = response.read(MAX_RESPONSE_BYTES + 1)
            except urllib.error.HTTPError as error:
                detail = " ".join(error.read(200).decode("utf-8", "replace").split())
                if 300 <= error.code < 400:
                    raise LLMError(
                        f"{url}: HTTP {error.code} redirect refused (the API key is sent to the configured URL only)"
                    ) from None
                if error.code != 429 and error.code < 500:
                    raise LLMError(f"{url}: HTTP {error.code}: {detail}") from None
                last = f"HTTP {error.code}"
                retry_after = _retry_after(error.headers.get("Retry-After"))
                wait = wait if retry_after is None else retry_after
            except urllib.error.URLError as error:
                if isinstance(error.reason, socket.gaierror):  # the name does not resolve: no retry will help
                    raise LLMError(f"{url}: cannot resolve the host ({error.reason.strerror})") from None
                last = f"{type(error).__name__}: {error.reason}"
            except (TimeoutError, ConnectionError) as error:
                last = f"{type(error).__name__}: {error}"
            except http.client.InvalidURL as error:
                raise LLMError(f"{url}: not a valid URL ({clip(str(error), 100)})") from None
            except http.client.HTTPException as error:
                last = f"{type(error).__name__}: {clip(str(error), 100)}"
            except ValueError as error:  # urllib refuses a URL it cannot parse
                raise LLMError(f"{url}: not a valid URL ({clip(str(error), 100)})") from None
            else:
                if len(payload) > MAX_RESPONSE_BYTES:
                    raise LLMError(f"{url}: the response is larger than {MAX_RESPONSE_BYTES} bytes")
                try:
                    return parse_json(payload)
                except InputError as error:
                    raise LLMError(f"{url}: the response body is not usable JSON ({error.code})") from None
            if attempt + 1 < self.settings.max_attempts:
                time.sleep(min(wait, self.settings.max_wait))
        raise LLMError(f"{url}: gave up after {self.settings.max_attempts} attempts (last: {clip(last, 200)})")


def read_json_bytes(path: Path) -> Any:
    """A cached response, read strictly."""
    return parse_json(read_bytes(path, limit=MAX_RESPONSE_BYTES))


def _content(response: Any) -> str:
    try:
        content = response["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("the response has no choices[0].message.content") from None
    if not isinstance(content, str):
        raise LLMError("choices[0].message.content is not a string")
    return content
