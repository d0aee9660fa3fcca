"""Checks requests and responses against GitHub's OpenAPI description (openapi-core).

The copied subset in `openapi/` stays byte-identical to `../shared/github-api/`; the
adjustments its README lists are applied in memory when loading:
1. requests are validated as if sent to `https://api.github.com` (no `:443`, and the
   fake's own base URL, e.g. `http://127.0.0.1:PORT`, is mapped to it);
2. `nullable: true` enums get `None` added (GitHub sends `"state_reason": null`);
3. `/` inside multi-segment parameters (`{path}` of get-content) is percent-encoded;
4. `discriminator` keys are dropped (a directory listing fails get-content's one);
5. responses with status 429 or 5xx are not validated (injected faults), and neither are
   401 and rate-limit 403 answers, which GitHub may send on any operation.
An answer whose status the operation does not document is a violation, except 403, 404
and 422 with a `basic-error` body (message + documentation_url), which GitHub sends on any
operation for permissions, missing objects and invalid input.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = Path(__file__).parent / "openapi" / "openapi-subset.json"
VALIDATION_HOST = "https://api.github.com"


class ContractViolation(AssertionError):
    """A request the client sent, or a response the fake built, does not match the spec."""


@cache
def raw_spec() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def _adjust(node):
    if isinstance(node, dict):
        node.pop("discriminator", None)
        if node.get("nullable") and "enum" in node and None not in node["enum"]:
            node["enum"] = [*node["enum"], None]
        for value in node.values():
            _adjust(value)
    elif isinstance(node, list):
        for value in node:
            _adjust(value)
    return node


@cache
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(_adjust(copy.deepcopy(raw_spec())))


@cache
def multi_segment_params() -> dict[str, set[str]]:
    """Per path template, the parameters that may hold `/` (`x-multi-segment`)."""
    spec = raw_spec()
    found: dict[str, set[str]] = {}
    for template, item in spec["paths"].items():
        for operation in item.values():
            for param in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if "$ref" in param:
                    param = spec["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
                if param.get("in") == "path" and param.get("x-multi-segment"):
                    found.setdefault(template, set()).add(param["name"])
    return found


def documented_statuses(template: str, method: str) -> set[str]:
    return set(raw_spec()["paths"][template][method.lower()]["responses"])


def operation_id(template: str, method: str) -> str:
    return raw_spec()["paths"][template][method.lower()]["operationId"]


@dataclass
class SpecRequest:
    """openapi-core's Request protocol over the fake's own request record."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes | None

    def __post_init__(self) -> None:
        self.method = self.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict([(k, v) for k, values in self.query.items() for v in values]),
            header=Headers(self.headers),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return VALIDATION_HOST

    @property
    def content_type(self) -> str:
        return Headers(self.headers).get("Content-Type", "").lower()


@dataclass
class SpecResponse:
    status_code: int
    headers: dict[str, str]
    data: bytes | None

    @property
    def content_type(self) -> str:
        return Headers(self.headers).get("Content-Type", "").lower()


def spec_path(path: str, template: str, params: dict[str, str]) -> str:
    """The path as openapi-core can match it: `/` inside multi-segment params encoded."""
    names = multi_segment_params().get(template)
    if not names:
        return path
    result = template
    for name, value in params.items():
        encoded = quote(value, safe="") if name in names else quote(value, safe="@:,+'")
        result = result.replace("{" + name + "}", encoded)
    return result


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _schema_messages(errors) -> list[str]:
    """Each failing field as "path: message", descending into oneOf/anyOf alternatives."""
    found = []
    for error in errors:
        where = "/".join(map(str, error.absolute_path)) or "<body>"
        if error.context:
            found.extend(_schema_messages(error.context))
        else:
            found.append(f"{where}: {_short(error.message)}")
    return found


def _describe(error: BaseException) -> str:
    parts = [type(error).__name__]
    seen = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            parts.extend(_schema_messages(schema_errors))
            break
        if cause is not error:
            parts.append(_short(f"{type(cause).__name__}: {cause}"))
        cause = cause.__cause__ or cause.__context__
    if len(parts) == 1:
        parts.append(_short(str(error)))
    return "; ".join(parts)


GENERIC_ERRORS = {403, 404, 422}  # GitHub answers these on any operation (permissions, missing, invalid)


def _is_basic_error(data: bytes | None) -> bool:
    try:
        body = json.loads(data or b"")
    except ValueError:
        return False
    return (
        isinstance(body, dict)
        and isinstance(body.get("message"), str)
        and isinstance(body.get("documentation_url"), str)
    )


def request_errors(request: SpecRequest) -> list[str]:
    return [_describe(e) for e in openapi().iter_request_errors(request)]


def response_errors(request: SpecRequest, response: SpecResponse, template: str | None) -> list[str]:
    status = response.status_code
    if status == 429 or status >= 500 or status == 401:
        return []
    if status == 403 and response.headers.get("x-ratelimit-remaining") == "0":
        return []
    if status == 403 and "secondary rate limit" in (response.data or b"").decode(errors="replace"):
        return []
    if template is not None and str(status) not in documented_statuses(template, request.method):
        if status in GENERIC_ERRORS and _is_basic_error(response.data):
            return []
        return [f"status {status} is not documented for {request.method.upper()} {template}"]
    return [_describe(e) for e in openapi().iter_response_errors(request, response)]
