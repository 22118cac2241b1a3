"""Questions and messages folded where the cursor's line of a Chinese text is chosen
(`_breaks.tail_start`: the run of Chinese the cut falls inside kept whole, a third of the width
left for the last line) and where a bracket closes (`_breaks._closing`), each pinned line for
line at the width a phone or a narrow pane has."""

from __future__ import annotations

import pytest

from minecheck.cli._line_reader import fold
from tests.test_line_reader_rules import _terminal


@pytest.mark.parametrize(
    ("columns", "question", "lines"),
    [
        # the run the cut falls inside, walked back to the line's start, is 22 cells, wider
        # than PHRASE: the cut stays (not `…交给管理` / `allowed_signers 文件的人：`)
        (
            30,
            "请把下面这一行交给管理 allowed_signers 文件的人：",
            ["请把下面这一行交给管", "理 allowed_signers 文件的人："],
        ),
        # a cut at a blank is left where it is (not `verify 使用）` / `吗？[Y/n] `)
        (
            20,
            "在本机也信任此密钥（供 minecheck verify 使用）吗？[Y/n] ",
            ["在本机也信任此密钥", "（供 minecheck", "verify", "使用）吗？[Y/n] "],
        ),
        # the walk's keys: the run `检查要点` begins after the blank before it (not `检查` /
        # `要点 · q 保存并退出`)
        (
            20,
            "y 符合 · n 不符合 · a 不适用 · s 跳过 · b 返回上一条 · ? 检查要点 · q 保存并退出",
            [
                "y 符合 · n 不符合 ·",
                "a 不适用 · s 跳过 ·",
                "b 返回上一条 · ?",
                "检查要点",
                "· q 保存并退出",
            ],
        ),
        # the line left after the run, `base64`, is less than a third of the width: the cut stays
        (20, "签名块不是有效的 base64", ["签名", "块不是有效的 base64"]),
        # the run `（或加上` is kept whole (not `（或` / `加上 --key PATH）`)
        (
            20,
            "minecheck keys generate --principal you@unit.example（或加上 --key PATH）",
            [
                "minecheck keys",
                "generate",
                "--principal",
                "you@unit.example",
                "（或加上",
                "--key PATH）",
            ],
        ),
        (
            20,
            "minecheck 从不覆盖密钥：请另选路径，或把旧密钥移走",
            ["minecheck 从不覆盖", "密钥：请另选路径，", "或把旧密钥移走"],
        ),
        (
            20,
            "3：'minecheck' 存放文件头字段，应为对象",
            ["3：'minecheck'", "存放文件头字段，", "应为对象"],
        ),
        # a run of exactly 20 cells (PHRASE) is still kept whole
        (
            21,
            "没有可重新作答的条目“3”；您是指 3 吗？",
            ["没有可重新作答的条目", "“3”；您是指 3 吗？"],
        ),
        # the rest after the run, `UTF-8：3`, is exactly a third of 24 cells: the run is moved down
        (
            25,
            "它可按 GB18030 编码读出：请用以下命令转换为 UTF-8：3",
            ["它可按 GB18030 编码读", "出：请用以下命令转换为", "UTF-8：3"],
        ),
        # the run ends at the first blank after the cut's piece (not one further)
        (
            20,
            "佐证文件（留空结束，输入 -N 删除第 N 项）",
            ["佐证文件", "（留空结束，输入", "-N 删除第 N 项）"],
        ),
        # the run may end at the line's last break (`（`)
        (20, "整改期限（YYYY-MM-DD）：", ["整改期限", "（YYYY-MM-DD）："]),
        # brackets inside brackets: `《「，）ab信成」」` does not close at the first `」`
        (
            21,
            "」「][：项《「，）ab信成」」item-3完」ab查《",
            ["」「][：项《「，）ab", "信成」」", "item-3完」ab查《"],
        ),
    ],
)
def test_a_folded_chinese_text_keeps_its_runs_where_the_cursor_s_line_begins(
    monkeypatch: pytest.MonkeyPatch, columns: int, question: str, lines: list[str]
) -> None:
    _terminal(monkeypatch, columns)
    assert fold(question) == lines
