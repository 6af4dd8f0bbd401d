"""The typed description of cases/campaign.yml and cases/<unit>/progress.yml.

Declared with pydantic like the case front matter (``generator/schema.py``): values
arrive as the text they were written with, numbers included, and are checked here.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..schema import PROGRESS_STATUSES, Date, Id, Text, _Strict

ACCEPTANCE = "acceptance"  # the milestone every campaign has: its acceptance date (验收)
MAX_DAYS = 3660  # ten years of working days is a typing mistake, not a plan
MAX_POINTS = 1000


def _count(limit: int):
    def check(value: str) -> str:
        if not value.isdigit() or not 0 < int(value) <= limit:
            raise PydanticCustomError("not-a-count", "not a count", {"found": value, "limit": limit})
        return value
    return check


Days = Annotated[str, AfterValidator(_count(MAX_DAYS)),
                 Field(json_schema_extra={"pattern": r"^[1-9][0-9]*$"}, description="需要的工作日天数，正整数")]
Points = Annotated[str, AfterValidator(_count(MAX_POINTS)),
                   Field(json_schema_extra={"pattern": r"^[1-9][0-9]*$"}, description="分值，正整数")]


class Milestone(_Strict):
    id: Id = Field(description="节点编号，如 self-check")
    name: Text = Field(description="节点名称，如 自查")
    date: Date = Field(description="节点日期，年-月-日")


class Calendar(_Strict):
    holidays: Optional[list[Date]] = Field(default=None, description="放假的工作日（法定节假日），年-月-日")
    workdays: Optional[list[Date]] = Field(default=None, description="调休上班的周末，年-月-日")


class AssessmentItem(_Strict):
    id: Id = Field(description="考核项目编号，全表唯一，如 dr-1")
    name: Text = Field(description="考核项目，如 建成矛盾纠纷多元化解工作室")
    points: Points
    evidence: Text = Field(description="佐证材料要求，如 工作室照片、调解台账")
    days: Days = Field(description="完成这一项需要的工作日天数（从最迟开始到完成时限）")
    before: Optional[Id] = Field(default=None, description="须在哪个节点前完成（节点编号），默认 acceptance 验收")


class TableGroup(_Strict):
    criterion: Text = Field(description="创建清单项（编号或名称）")
    items: Annotated[list[AssessmentItem], Field(min_length=1)] = Field(description="这一项下的考核项目")


class CampaignFile(_Strict):
    """创建活动及其考核表。"""

    model_config = ConfigDict(title="创建活动与考核表 Campaign and assessment table")

    name: Text = Field(description="活动名称，如 创建“枫桥式公安派出所”")
    start: Date = Field(description="开始日期，年-月-日")
    acceptance: Date = Field(description="验收日期，年-月-日")
    milestones: Optional[list[Milestone]] = Field(default=None, description="验收之前的节点，如 自查")
    calendar: Optional[Calendar] = Field(default=None, description="节假日与调休，用于按工作日倒排工期")
    table: Annotated[list[TableGroup], Field(min_length=1)] = Field(description="考核表：每个创建清单项及其考核项目")


class Person(_Strict):
    name: Text = Field(description="姓名")
    role: Text = Field(description="职务，如 副所长")


class ProgressEntry(_Strict):
    item: Text = Field(description="考核项目编号（campaign.yml 中的 id）")
    person: Optional[Text] = Field(default=None, description="责任人姓名（本文件 people 中的一人）")
    status: Literal[PROGRESS_STATUSES] = Field(  # type: ignore[valid-type]
        description="进展：not-started 未开始 / in-progress 推进中 / done 已完成 / not-applicable 不适用")
    due: Optional[Date] = Field(default=None, description="完成时限，默认按验收日期倒排；只能提前，不能推后")
    evidence: Optional[list[Text]] = Field(
        default=None, description="佐证材料：本单位已审核案例的编号，或 progress 文件夹中的文件名")
    difficulties: Optional[Text] = Field(default=None, description="存在的困难和问题")
    reason: Optional[Text] = Field(default=None, description="不适用的理由（status: not-applicable 时必填）")
    updated: Optional[Date] = Field(default=None, description="最后更新日期，年-月-日")


class ProgressFile(_Strict):
    """一个单位的创建进度。"""

    model_config = ConfigDict(title="单位创建进度 Unit progress")

    people: Optional[list[Person]] = Field(default=None, description="本单位的责任人")
    items: Optional[list[ProgressEntry]] = Field(default=None, description="本单位承担的考核项目")
