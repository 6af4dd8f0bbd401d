"""The typed description of a case's front matter and of the registries.

Declared once with pydantic: the same declaration validates the data (strictly:
every value arrives as the text it was written with) and exports the JSON
Schema that editors use for completion. Pydantic's errors are translated into
our Problems (code, field path, line, bilingual message) by ``problems_from``.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from .errors import Problem, format_field
from .load import SEPARATORS, flow_list, split_items
from .messages import did_you_mean, one_of, type_params

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MAX = 64
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
STATUSES = ("draft", "submitted", "approved")
VISIBILITIES = ("internal", "public")
PROGRESS_STATUSES = ("not-started", "in-progress", "done", "not-applicable")  # of an item in progress.yml (board/)
SUMMARY_MAX = 200
TITLE_MAX = 100


def suggest_id(found: str, fallback: str = "case") -> str:
    """A valid id close to what was written: 'SW 2022_001' -> 'sw-2022-001'."""
    candidate = re.sub(r"[^a-z0-9]+", "-", found.lower()).strip("-")[:ID_MAX].strip("-")
    if not candidate:
        candidate = fallback
    if candidate in WINDOWS_RESERVED:
        candidate += "-1"
    return candidate


def id_problem(found: str, unit: str | None = None) -> tuple[str, dict[str, str]] | None:
    """(code, params) when ``found`` is not a valid id, else None.

    ``unit`` is the folder of a case file: when the name was partly Chinese
    (“青石-2024-002”) the suggestion keeps the unit the Chinese named.
    """
    if ID_RE.fullmatch(found) and len(found) <= ID_MAX:
        if found in WINDOWS_RESERVED:
            return "reserved-name", {"found": found, "suggestion": suggest_id(found)}
        return None
    suggestion = suggest_id(found)
    if unit and not found.isascii() and suggestion != unit and not suggestion.startswith(f"{unit}-"):
        suggestion = suggest_id(f"{unit}-{suggestion}")
    params = {"found": found}
    params.update({"hint_zh": f"；建议改为“{suggestion}”", "hint_en": f'; use "{suggestion}" instead'})
    return "invalid-id", params


def _check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise PydanticCustomError(problem[0], "invalid id", problem[1])
    return value


# Ids that name a page or folder the site generates itself: "index" would overwrite the list
# page of its folder (cases/index.md, tags/index.md, ...); a unit "collections" would own the
# folder cases/collections/, which holds the collections; a case "page" would own cases/page/,
# which holds pages 2, 3, ... of the case list (paging.py); a case "progress" would own the folder
# cases/<unit>/progress/, which holds the evidence files of the unit's progress (board/check.py); a
# unit "people" would own progress/people/, the board's list of responsible people (board/pages.py).
RESERVED_IDS = {"index": "{folder}/index.md", "collections": "cases/collections/", "page": "cases/page/",
                "progress": "cases/<unit>/progress/", "people": "progress/people/"}


def reserved_id_problem(found: str, folder: str) -> tuple[str, dict[str, str]] | None:
    """(code, params) when the page of ``found`` in ``folder`` (cases, units, ...) collides with a generated one."""
    if (found == "index" or found in ("collections", "people") and folder == "units"
            or found in ("page", "progress") and folder == "cases"):
        return "reserved-id", {"found": found, "path": RESERVED_IDS[found].format(folder=folder)}
    return None


def _own_id(folder: str) -> Any:
    """The type of a registry entry's own id: an Id that is not reserved in ``folder``."""
    def check(value: str) -> str:
        problem = reserved_id_problem(value, folder)
        if problem:
            raise PydanticCustomError(problem[0], "reserved id", problem[1])
        return value
    return Annotated[Id, AfterValidator(check)]


def _check_date(value: str) -> str:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid-date", "invalid date", {"found": value}) from None
    return value


Text = Annotated[str, Field(min_length=1)]
# The patterns go into the JSON Schema for editors only (json_schema_extra): our own
# validators check first and give the bilingual messages, and a pydantic ``pattern``
# placed after them would be left out of the exported schema.
Id = Annotated[
    str,
    AfterValidator(_check_id),
    Field(max_length=ID_MAX, description="小写字母、数字和连字符",
          json_schema_extra={"pattern": r"^[a-z0-9][a-z0-9-]*$"}),
]
Date = Annotated[
    str,
    AfterValidator(_check_date),
    Field(json_schema_extra={"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, description="年-月-日，如 2024-03-18"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Contact(_Strict):
    name: Text = Field(description="姓名（公开版可写“王某某”）")
    role: Text = Field(description="职务或分工，如 社区民警")


class Result(_Strict):
    indicator: Text = Field(description="指标，如 邻里纠纷警情")
    before: Text = Field(description="之前，如 每月 23 起")
    after: Text = Field(description="之后，如 每月 9 起")


class CaseFront(_Strict):
    """前置信息：一个案例的标题、日期、清单项、标签等。"""

    model_config = ConfigDict(title="案例前置信息 Case front matter")

    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)] = Field(description="案例标题")
    date: Date = Field(description="日期，年-月-日")
    criteria: Annotated[list[Text], Field(min_length=1)] = Field(description="对应的创建清单项（编号或名称），至少一项")
    tags: Optional[list[Text]] = Field(default=None, description="标签（编号、名称或别名）")
    status: Literal[STATUSES] = Field(description="状态：draft 草稿 / submitted 已提交 / approved 已审核")  # type: ignore[valid-type]
    visibility: Literal[VISIBILITIES] = Field(description="范围：internal 仅内网 / public 可公开")  # type: ignore[valid-type]
    summary: Annotated[str, Field(min_length=1, max_length=SUMMARY_MAX)] = Field(description="一两句话的摘要，纯文本，不超过 200 字")
    contacts: Optional[list[Contact]] = Field(default=None, description="联系人")
    results: Optional[list[Result]] = Field(default=None, description="成效指标：indicator / before / after")
    replicated_from: Optional[Id] = Field(default=None, description="本案例复制推广的其他单位案例编号")
    related: Optional[list[Id]] = Field(default=None, description="相关案例编号")
    pii_allow: Optional[list[Text]] = Field(
        default=None, description="确认可以公开的号码（如派出所对外服务电话），与正文写法完全一致；其余身份证号、手机号、车牌号都会被检查")


class Brand(_Strict):
    name: Text = Field(description="品牌名称")
    slogan: Optional[Text] = Field(default=None, description="品牌口号")


class UnitEntry(_Strict):
    id: _own_id("units")  # type: ignore[valid-type]
    name: Text
    parent: Optional[Id] = None
    brand: Optional[Brand] = None
    contact: Optional[Contact] = None


class CriterionEntry(_Strict):
    id: _own_id("criteria")  # type: ignore[valid-type]
    name: Text
    description: Text


class TagEntry(_Strict):
    id: _own_id("tags")  # type: ignore[valid-type]
    name: Text
    aliases: Optional[list[Text]] = None


class CollectionItem(_Strict):
    case: Id = Field(description="案例编号")
    note: Optional[Text] = Field(default=None, description="编者按（Markdown）")


class CollectionSection(_Strict):
    title: Text = Field(description="分组标题")
    items: Annotated[list[CollectionItem], Field(min_length=1)] = Field(description="本组案例，按顺序")


class CollectionFile(_Strict):
    """亮点集锦：编辑挑选并排序的一组案例。"""

    model_config = ConfigDict(title="亮点集锦 Highlight collection")

    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)] = Field(description="集锦标题")
    date: Date = Field(description="日期，年-月-日")
    intro: Text = Field(description="导语（Markdown）")
    cover: Optional[Text] = Field(default=None, description="封面图片，集锦同名文件夹中的相对路径，如 2024-q1/cover.png")
    visibility: Literal[VISIBILITIES] = Field(description="范围：internal 仅内网 / public 可公开")  # type: ignore[valid-type]
    items: Optional[Annotated[list[CollectionItem], Field(min_length=1)]] = Field(
        default=None, description="案例列表（与 sections 二选一）")
    sections: Optional[Annotated[list[CollectionSection], Field(min_length=1)]] = Field(
        default=None, description="分组（与 items 二选一）")


SCHEMAS: dict[str, type[_Strict]] = {
    "case": CaseFront,
    "units": UnitEntry,
    "criteria": CriterionEntry,
    "tags": TagEntry,
    "collection": CollectionFile,
}

# Chinese keys clerks write by habit -> the field they mean.
CHINESE_KEYS = {
    "标题": "title", "日期": "date", "时间": "date", "清单": "criteria", "创建清单": "criteria",
    "标签": "tags", "状态": "status", "范围": "visibility", "公开": "visibility", "摘要": "summary",
    "简介": "summary", "联系人": "contacts", "成效": "results", "复制自": "replicated_from", "相关": "related",
}


# Words clerks write for an allowed value -> the value they mean ("status: 草稿" -> draft).
VALUE_WORDS = {
    "status": {
        **dict.fromkeys(("草稿", "初稿", "起草", "编写中"), "draft"),
        **dict.fromkeys(("待审核", "待审", "审核中", "已提交", "提交", "送审", "已报送", "报送"), "submitted"),
        **dict.fromkeys(("已通过", "通过", "审核通过", "已审核", "已审", "已批准", "批准", "已发布", "发布"), "approved"),
    },
    "visibility": {
        **dict.fromkeys(("仅内网", "内网", "内部", "不公开", "非公开", "否"), "internal"),
        **dict.fromkeys(("可公开", "公开", "对外公开", "外网"), "public"),
    },
    "progress-status": {
        **dict.fromkeys(("未开始", "没开始", "尚未开始", "未启动"), "not-started"),
        **dict.fromkeys(("推进中", "进行中", "正在推进", "在办", "办理中", "已开始"), "in-progress"),
        **dict.fromkeys(("已完成", "完成", "办结", "已办结", "达标", "已达标"), "done"),
        **dict.fromkeys(("不适用", "不涉及", "无此项"), "not-applicable"),
    },
}


def _value_meant(name: str, found: Any) -> str | None:
    """The allowed value of field ``name`` that ``found`` most likely means, if any."""
    if not isinstance(found, str):
        return None
    word = found.strip()
    if word in VALUE_WORDS.get(name, {}):
        return VALUE_WORDS[name][word]
    allowed = _ENUMS[name]
    close = difflib.get_close_matches(word.lower(), allowed, n=1, cutoff=0.6)
    return close[0] if close else None


DOCUMENT_KINDS = ("case", "collection", "campaign", "progress")  # one mapping per file, not a list of entries


def json_schema(kind: str = "case") -> dict[str, Any]:
    if kind in ("campaign", "progress"):  # declared with the board, which builds on this module
        from .board.schema import CampaignFile, ProgressFile

        model: type[_Strict] = CampaignFile if kind == "campaign" else ProgressFile
    else:
        model = SCHEMAS[kind]
    schema = model.model_json_schema()
    if kind in DOCUMENT_KINDS:
        return schema
    # A registry is a list of entries; $defs stay at the top so "#/$defs/..." references resolve.
    defs = schema.pop("$defs", None)
    wrapped: dict[str, Any] = {"title": kind, "type": "array", "items": schema}
    if defs:
        wrapped["$defs"] = defs
    return wrapped


# --- pydantic errors -> Problems ---------------------------------------------

_TYPE_EXPECTED = {"string_type": "text", "list_type": "list", "dict_type": "mapping", "model_type": "mapping"}
# Fields with a fixed set of values, by the set: the key names their glosses (messages.VALUE_GLOSSES)
# and the words clerks write for them (VALUE_WORDS).
_ENUMS = {"status": STATUSES, "visibility": VISIBILITIES, "progress-status": PROGRESS_STATUSES}


def validate_model(
    model: type[_Strict], data: Any, rel: str, lines: dict[tuple, int], missing_line: int, prefix: tuple = ()
) -> tuple[Any, list[Problem]]:
    """Validate plain data against a model: (instance or None, problems)."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(err, model, rel, lines, missing_line, prefix) for err in exc.errors()]


def _line_for(loc: tuple, lines: dict[tuple, int]) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _problem(err: Any, model: type[_Strict], rel: str, lines: dict, missing_line: int, prefix: tuple) -> Problem:
    kind, ctx, found = err["type"], err.get("ctx") or {}, err.get("input")
    loc = prefix + tuple(p for p in err["loc"] if not isinstance(p, str) or not p.startswith(("function-", "literal[")))
    field = format_field(loc)
    line = _line_for(loc, lines)
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        top = len(loc) == len(prefix) + 1
        return Problem(rel, missing_line if top else line, field, "missing-field", params={"name": name})
    if kind == "extra_forbidden":
        return Problem(rel, line, field, "unknown-field", params=_unknown_field_params(name, model, loc, prefix))
    if found is None and kind in _TYPE_EXPECTED or kind == "string_too_short":
        return Problem(rel, line, field, "empty-value")
    if kind == "literal_error":
        values = _literals(model, loc[len(prefix):])
        params = {"expected": one_of(values), "found": found}
        enum = next((key for key, allowed in _ENUMS.items() if allowed == values), None)
        if enum is not None:
            params["values_of"] = enum
            meant = _value_meant(enum, found)
            if meant:
                params.update(hint_kind="instead", name=name, write=meant)
        return Problem(rel, line, field, "invalid-value", params=params)
    if kind == "string_too_long":
        return Problem(rel, line, field, "too-long", params={"limit": ctx["max_length"], "length": len(found)})
    if kind == "too_short":
        return Problem(rel, line, field, "too-few-items", params={"limit": ctx["min_length"], "length": ctx["actual_length"]})
    if kind in _TYPE_EXPECTED:
        params = type_params(_TYPE_EXPECTED[kind], _kind_of(found))
        if kind == "list_type" and isinstance(found, str) and found.strip():
            # "tags: 巡防，群防群治" or "criteria: dispute-resolution": the list it was meant to be
            items = split_items(found, SEPARATORS + ",") or [found.strip()]
            params.update(hint_kind="as-list", fix=f"{name}: {flow_list(items)}")
        return Problem(rel, line, field, "wrong-type", params=params)
    if kind in ("invalid-id", "reserved-name", "invalid-date", "reserved-id", "not-a-count"):
        return Problem(rel, line, field, kind, params=dict(ctx))
    raise RuntimeError(f"untranslated pydantic error {kind!r} at {loc}")  # a bug: add it to the table above


def _literals(model: type[_Strict], loc: tuple) -> tuple[str, ...]:
    """The values a Literal field at ``loc`` (relative to ``model``) accepts."""
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    owner = _model_at(model, loc[:-1] if loc and loc[-1] == name else loc)
    annotation = owner.model_fields[name].annotation if name in owner.model_fields else None
    return tuple(getattr(annotation, "__args__", ()))


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "text"


def _unknown_field_params(name: str, model: type[_Strict], loc: tuple, prefix: tuple) -> dict[str, str]:
    owner = _model_at(model, loc[len(prefix):-1])
    allowed = list(owner.model_fields)
    suggestion = CHINESE_KEYS.get(name) if owner is CaseFront else None
    if suggestion is None:
        close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.6)
        suggestion = close[0] if close else None
    params = {"name": name, "allowed": one_of(allowed)}
    params.update(did_you_mean(suggestion))
    return params


def _model_at(model: type[_Strict], loc: tuple) -> type[_Strict]:
    """The nested model that owns a path such as ('results', 0)."""
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        inner = _inner_model(annotation)
        if inner is None:
            break
        model = inner
    return model


def _inner_model(annotation: Any) -> type[_Strict] | None:
    if isinstance(annotation, type) and issubclass(annotation, _Strict):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None
