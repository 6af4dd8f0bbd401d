"""Every user-facing message, in Chinese and English.

Each entry says what was expected, what was found and, where it helps, how to
fix it. Templates use ``str.format`` fields filled from a Problem's params.
"""
from __future__ import annotations

from typing import Any, Iterable

LANGS = ("zh", "en")

CATALOG: dict[str, tuple[str, str]] = {
    # --- reading the file -------------------------------------------------
    "file-too-large": (
        "文件过大：上限 {limit} 字节，实际 {size} 字节；请删减正文，把图片等放进案例的附件文件夹",
        "file too large: expected at most {limit} bytes, found {size} bytes; shorten the text and move images into the case's attachment folder",
    ),
    "unreadable-file": (
        "无法读取文件（{reason}）：请检查它是否存在、是否有读取权限，或者是否是一个失效的快捷方式/链接",
        "cannot read the file ({reason}): check that it exists, is readable and is not a broken link",
    ),
    "not-utf8": (
        "文件不是 UTF-8 编码（第 {line} 行附近有无法识别的字节{guess_zh}）；请用 UTF-8 重新保存：WPS/Word 选“另存为 → 纯文本 → UTF-8”，记事本选“另存为 → 编码 UTF-8”",
        "file is not UTF-8 (undecodable bytes near line {line}{guess_en}); re-save it as UTF-8 (Notepad: Save As -> Encoding UTF-8)",
    ),
    "empty-file": (
        "文件是空的：应以 --- 开头的前置信息（标题、日期等）和正文；可用 casebook new 生成模板",
        "file is empty: expected front matter starting with --- and a body; run casebook new for a template",
    ),
    "missing-front-matter": (
        "缺少前置信息：文件第一行应为 ---，实际为“{found}”；请在文件开头加上 --- 包起来的标题、日期等字段",
        "missing front matter: expected --- on the first line, found \"{found}\"; start the file with the fields between two --- lines",
    ),
    "unterminated-front-matter": (
        "前置信息没有结束：第 1 行的 --- 之后应再有一行 ---，实际没有找到；请在字段之后、正文之前加一行 ---",
        "unterminated front matter: expected a closing --- line after the opening one on line 1, found none; add --- between the fields and the body",
    ),
    "tab-indent": (
        "缩进使用了制表符（Tab）：YAML 只接受空格；请把这一行开头的 Tab 换成空格",
        "tab used for indentation: YAML expects spaces; replace the tab at the start of this line with spaces",
    ),
    "fullwidth-space-indent": (
        "缩进使用了全角空格：YAML 只接受半角空格；请把这一行开头的全角空格换成普通空格",
        "full-width space used for indentation: YAML expects ASCII spaces; replace it with ordinary spaces",
    ),
    "no-space-after-colon": (
        "字段名“{key}”后的冒号后面缺少空格：应为“{key}: 值”（英文冒号加一个空格）",
        "no space after the colon of \"{key}\": expected \"{key}: value\" (a colon and a space)",
    ),
    "comment-in-value": (
        "“ #”之后的文字“{dropped}”会被当作注释丢掉（在 YAML 里，空格加 # 开始一段注释）：如果这是内容，请给整个值加上英文单引号，写成 {fix}；如果是注释，请移到单独一行",
        "the text after \" #\" (\"{dropped}\") is read as a comment and dropped (in YAML a space and # start a comment): if it is content, put the whole value in single quotes: {fix}; if it is a comment, move it to its own line",
    ),
    "quoted-then-text": (
        "值以英文引号 {quote} 开头，引号闭合后又接着写了“{after}”：YAML 把开头的英文引号当作整个值的引号，闭合后不能再有文字。请改用中文引号，写成 {fix_cn}；或者把整个值再用引号包起来，写成 {fix_wrap}",
        "the value starts with an ASCII quote {quote} and goes on after the closing quote (\"{after}\"): YAML takes an opening quote to quote the whole value, so no text may follow it. Use Chinese quotes instead: {fix_cn}; or quote the whole value: {fix_wrap}",
    ),
    "fullwidth-colon": (
        "字段名“{key}”后面用了中文冒号“：”：应为英文冒号加空格“: ”；请改成 {key}: …",
        "full-width colon after \"{key}\": expected an ASCII colon and a space; write {key}: …",
    ),
    "yaml-syntax": (
        "YAML 格式错误（第 {column} 列）：{problem_zh}；请检查引号、冒号和缩进是否成对、对齐",
        "broken YAML (column {column}): {problem_en}; check quotes, colons and indentation",
    ),
    "yaml-tag": (
        "不允许使用 YAML 标签：实际为“{tag}”；请删除它，直接写值",
        "YAML tags are not allowed: found \"{tag}\"; remove it and write the plain value",
    ),
    "yaml-anchor": (
        "不允许使用 YAML 锚点：实际为“&{anchor}”；请把内容直接写出来",
        "YAML anchors are not allowed: found \"&{anchor}\"; write the value out in full",
    ),
    "yaml-alias": (
        "不允许使用 YAML 引用：实际为“*{alias}”；请把内容直接写出来",
        "YAML aliases are not allowed: found \"*{alias}\"; write the value out in full",
    ),
    "duplicate-key": (
        "字段“{key}”重复出现（第 {first_line} 行和第 {line} 行）：每个字段只能写一次；请删掉其中一行",
        "duplicate key \"{key}\" (lines {first_line} and {line}): expected each key once; delete one of them",
    ),
    "too-deep": (
        "嵌套层级过深：最多 {limit} 层；请检查缩进或括号",
        "nesting too deep: expected at most {limit} levels; check the indentation or brackets",
    ),
    "not-mapping": (
        "应为“字段: 值”形式的字段表，实际为{found_zh}；请按 字段: 值 逐行书写",
        "expected a mapping of fields, found {found_en}; write one \"field: value\" per line",
    ),
    "registry-not-list": (
        "登记表应为以 - 开头的条目列表，实际为{found_zh}",
        "a registry should be a list of entries starting with -, found {found_en}",
    ),
    "missing-registry": (
        "缺少登记表文件 {name}：请在 cases/ 下创建它（可参考 casebook init 生成的项目）",
        "missing registry file {name}: create it under cases/ (see a project made by casebook init)",
    ),
    # --- fields -----------------------------------------------------------
    "missing-field": (
        "缺少必填字段“{name}”：请加上一行 {name}: …",
        "missing required field \"{name}\": add a line {name}: …",
    ),
    "unknown-field": (
        "未知字段“{name}”：应为以下之一：{allowed}{hint_zh}",
        "unknown field \"{name}\": expected one of {allowed}{hint_en}",
    ),
    "invalid-value": (
        "取值无效：应为以下之一：{expected}，实际为“{found}”{hint_zh}",
        "invalid value: expected one of {expected}, found \"{found}\"{hint_en}",
    ),
    "invalid-date": (
        "日期无效：应为 年-月-日 格式且为真实日期，如 2024-03-18（月、日补足两位），实际为“{found}”",
        "invalid date: expected a real date written YYYY-MM-DD such as 2024-03-18, found \"{found}\"",
    ),
    "invalid-id": (
        "编号无效：只能用小写字母、数字和连字符（-），以字母或数字开头，最长 64 个字符，实际为“{found}”{hint_zh}",
        "invalid id: expected lowercase letters, digits and hyphens, starting with a letter or digit, at most 64 characters, found \"{found}\"{hint_en}",
    ),
    "reserved-name": (
        "编号“{found}”是 Windows 保留名，在 Windows 上无法作为文件名；请改为“{suggestion}”",
        "id \"{found}\" is a reserved name on Windows and cannot be a file name there; use \"{suggestion}\"",
    ),
    "too-long": (
        "内容过长：最多 {limit} 个字符，实际 {length} 个；请精简",
        "too long: expected at most {limit} characters, found {length}; shorten it",
    ),
    "empty-value": (
        "内容为空：此字段需要填写",
        "empty value: this field needs a value",
    ),
    "too-few-items": (
        "至少需要 {limit} 项，实际为 {length} 项",
        "expected at least {limit} item(s), found {length}",
    ),
    "wrong-type": (
        "类型不对：应为{expected_zh}，实际为{found_zh}{hint_zh}",
        "wrong type: expected {expected_en}, found {found_en}{hint_en}",
    ),
    # --- references across the project --------------------------------------
    "unknown-unit": (
        "单位“{found}”未在 cases/units.yml 中登记（新单位请先在 units.yml 中登记）：应为以下之一：{expected}{hint_zh}",
        "unit \"{found}\" is not registered in cases/units.yml (register a new unit there first): expected one of {expected}{hint_en}",
    ),
    "unknown-criterion": (
        "创建清单项无效：应为以下之一（编号或名称）：{expected}，实际为“{found}”{hint_zh}",
        "unknown criterion: expected one of (id or name) {expected}, found \"{found}\"{hint_en}",
    ),
    "unknown-tag": (
        "标签无效：应为 cases/tags.yml 中的编号、名称或别名之一：{expected}，实际为“{found}”{hint_zh}（新标签请先在 tags.yml 中登记）",
        "unknown tag: expected an id, name or alias from cases/tags.yml: {expected}, found \"{found}\"{hint_en} (register new tags in tags.yml first)",
    ),
    "list-separator": (
        "“{found}”被当成了一个{kind}：YAML 列表只用英文逗号“,”分隔，“{sep}”不起分隔作用；请写成 {fix}",
        "\"{found}\" is read as one {kind}: a YAML list is separated by ASCII commas only, \"{sep}\" separates nothing; write {fix}",
    ),
    "unknown-case": (
        "案例编号“{found}”不存在：应为已有案例的编号（即文件名，不含 .md）{hint_zh}",
        "case \"{found}\" does not exist: expected the id of an existing case (its file name without .md){hint_en}",
    ),
    "self-reference": (
        "案例不能引用自己：实际为“{found}”",
        "a case cannot refer to itself: found \"{found}\"",
    ),
    "duplicate-case-id": (
        "案例编号“{found}”重复：{other} 也使用了这个编号；编号在所有单位中必须唯一，请给其中一个文件改名",
        "duplicate case id \"{found}\": {other} uses it too; ids must be unique across all units, rename one of the files",
    ),
    "duplicate-id": (
        "编号“{found}”重复（第 {first_line} 行已登记）：每个编号只能登记一次",
        "duplicate id \"{found}\" (already on line {first_line}): expected each id once",
    ),
    "duplicate-name": (
        "名称或别名“{found}”重复：已用于“{other}”；请改用不同的名称",
        "duplicate name or alias \"{found}\": already used by \"{other}\"; choose a different one",
    ),
    "duplicate-item": (
        "第 {index} 项“{found}”与第 {first} 项“{first_found}”指的是同一项；请删掉重复的一项",
        "item {index} \"{found}\" means the same as item {first} \"{first_found}\"; delete the repeat",
    ),
    "unknown-parent": (
        "上级单位“{found}”不存在：应为 units.yml 中已登记的单位编号之一：{expected}",
        "parent unit \"{found}\" does not exist: expected one of the unit ids in units.yml: {expected}",
    ),
    "parent-cycle": (
        "上级单位形成了循环：{cycle}；请检查 parent 字段",
        "parent units form a cycle: {cycle}; check the parent fields",
    ),
    # --- the body -----------------------------------------------------------
    "missing-section": (
        "缺少正文小节“## {section}”：正文应包含 {sections_zh}{hint_zh}",
        "missing section \"## {section}\": the body should contain {sections_en}{hint_en}",
    ),
    "empty-section": (
        "小节“## {section}”是空的：请在标题下写上内容",
        "section \"## {section}\" is empty: write its text under the heading",
    ),
    "unfilled-hint": (
        "{where_zh}还保留着模板提示文字“【请填写】”：请换成实际内容",
        "{where_en} still holds the template's hint \"【请填写】\": replace it with the real text",
    ),
    # --- the folder layout ---------------------------------------------------
    "stray-file": (
        "文件“{found}”不会被发布：案例应为单位文件夹中的 .md 文件，附件应放在与案例同名的文件夹中",
        "file \"{found}\" is not published: cases are .md files in a unit folder, attachments go in the folder named after the case",
    ),
    "case-extension": (
        "案例文件扩展名应为 .md（小写），实际为“{found}”；请改名为 {suggestion}{hint_zh}",
        "case file extension should be .md (lowercase), found \"{found}\"; rename it to {suggestion}{hint_en}",
    ),
    "hidden-extension": (
        "文件名实际是“{name}”（Windows 默认隐藏扩展名 {hidden}，看上去像 {suggestion}），不会被读取和发布：请改名为 {suggestion}（在文件资源管理器的“查看”中勾选“文件扩展名”，再删掉末尾的 {hidden}）",
        "the file is really named \"{name}\" (Windows hides the extension {hidden}, so it looks like {suggestion}) and is neither read nor published: rename it to {suggestion} (in File Explorer tick View > File name extensions, then delete the trailing {hidden})",
    ),
    # --- safety: HTML, links, attachments, personal data ----------------------
    "unsafe-html": (
        "正文中的 HTML “{found}”不安全，发布时会被删除；请改用 Markdown 书写",
        "unsafe HTML \"{found}\" in the body will be removed when published; write it in Markdown instead",
    ),
    "unsafe-link": (
        "链接“{found}”使用了不允许的协议 {scheme}:，发布时会被删除：只允许 http、https、mailto 或附件的相对路径",
        "link \"{found}\" uses the scheme {scheme}:, which is removed when published: expected http, https, mailto or a relative attachment path",
    ),
    "attachment-outside": (
        "附件路径“{found}”指向案例附件文件夹之外：应为 {case}/文件名（放在与案例同名的文件夹里），不能用 ../、绝对路径、盘符、网络路径或 file:",
        "attachment path \"{found}\" points outside the case's attachment folder: expected {case}/<file name>; ../, absolute paths, drive letters, network paths and file: are not allowed",
    ),
    "attachment-backslash": (
        "附件路径“{found}”用了反斜杠 \\：网页路径应使用正斜杠 /，请改为“{suggestion}”",
        "attachment path \"{found}\" uses backslashes: web paths use forward slashes, write \"{suggestion}\"",
    ),
    "attachment-missing": (
        "附件“{found}”不存在：请把文件放进 {case}/ 文件夹，并检查文件名（包括大小写和扩展名）",
        "attachment \"{found}\" does not exist: put the file in the {case}/ folder and check the name (case and extension)",
    ),
    "attachment-name": (
        "附件文件名“{found}”以“{scheme}:”开头：发布后浏览器会把这个链接当作 {scheme}: 协议打开，而不是打开附件；请给文件改名，去掉其中的冒号",
        "attachment \"{found}\" starts with \"{scheme}:\": once published a browser would open the link as a {scheme}: URL, not the file; rename the file without the colon",
    ),
    "attachment-too-large": (
        "附件过大：上限 {limit} 字节，实际 {size} 字节；请压缩图片或拆分文件",
        "attachment too large: expected at most {limit} bytes, found {size} bytes; compress or split it",
    ),
    "unsafe-svg": (
        "SVG 图片中含有脚本、事件属性、外部链接、DOCTYPE 等不安全内容（或不是规范的 XML），不能发布：请导出为 PNG，或去掉这些内容",
        "the SVG image contains script, event handlers, external links, a DOCTYPE or other unsafe content (or is not well-formed XML) and cannot be published: export it as PNG or remove that content",
    ),
    "unsafe-attachment": (
        "附件类型 {suffix} 会在站点中作为网页打开（可能运行其中的脚本，Markdown 也不会经过安全过滤），不能发布：请转换为 PDF 或图片，纯文字请改为 .txt",
        "attachments of type {suffix} open as pages of the site (they could run script, and Markdown would skip the sanitiser) and cannot be published: convert it to PDF or an image, or save plain text as .txt",
    ),
    "symlink": (
        "“{found}”是符号链接（快捷方式）：cases/ 下不允许链接，请放入文件本身",
        "\"{found}\" is a symbolic link: links are not allowed under cases/, put the real file there",
    ),
    "pii-id-number": (
        "疑似公民身份号码“{masked}”：{advice_zh}",
        "looks like a resident ID number \"{masked}\": {advice_en}",
    ),
    "pii-phone": (
        "疑似手机号码“{masked}”：{advice_zh}",
        "looks like a mobile number \"{masked}\": {advice_en}",
    ),
    "pii-plate": (
        "疑似车牌号码“{masked}”：{advice_zh}",
        "looks like a vehicle plate \"{masked}\": {advice_en}",
    ),
    # --- highlight collections -------------------------------------------------
    "collection-items": (
        "集锦应有 items（案例列表）或 sections（分组）之一，且只能有一个",
        "a collection needs either items (a list of cases) or sections (groups), not both and not neither",
    ),
    "collection-extension": (
        "集锦文件扩展名应为 .yml，实际为“{found}”；请改名为 {suggestion}",
        "collection file extension should be .yml, found \"{found}\"; rename it to {suggestion}",
    ),
    "duplicate-case": (
        "案例“{found}”在集锦中重复出现（{first} 已列出）：每个案例只能列一次",
        "case \"{found}\" is listed twice in the collection (already at {first}): list each case once",
    ),
    "case-not-approved": (
        "案例“{found}”的状态是 {status}：集锦只能收录已审核（approved）的案例",
        "case \"{found}\" has status {status}: a collection may only list approved cases",
    ),
    "internal-in-public": (
        "公开集锦收录了内部案例“{found}”：公开版中应只收录 visibility: public 的案例；请把集锦改为 internal，或换成公开案例",
        "public collection lists the internal case \"{found}\": the public edition may only show public cases; make the collection internal or pick a public case",
    ),
    # --- the command line ---------------------------------------------------
    "case-created": (
        "已创建 {path}（草稿，status: draft）",
        "created {path} (a draft, status: draft)",
    ),
    "case-exists": (
        "文件 {path} 已存在，未做任何改动",
        "file {path} already exists; nothing was changed",
    ),
    "init-not-empty": (
        "目录 {path} 已存在且不为空：应为不存在或空的目录，未做任何改动",
        "folder {path} exists and is not empty: expected a new or empty folder; nothing was changed",
    ),
    "project-created": (
        "已在 {path} 创建新项目（{count} 个文件）。下一步：cd {path} && casebook validate",
        "created a new project in {path} ({count} files). Next: cd {path} && casebook validate",
    ),
    "site-built": (
        "站点已生成（{edition}）：{path}",
        "site built ({edition} edition): {path}",
    ),
    "pages-written": (
        "已写入 {count} 个页面：{path}",
        "wrote {count} pages to {path}",
    ),
    "unknown-collection": (
        "集锦“{found}”不存在（或不属于{edition}）：应为以下之一：{expected}",
        "collection \"{found}\" does not exist (or is not in the {edition} edition): expected one of {expected}",
    ),
    "font-missing": (
        "找不到中文字体 {path}：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或用 --font 指定字体文件",
        "no CJK font at {path}: install fonts-noto-cjk or give a font file with --font",
    ),
    "weasyprint-missing": (
        "生成 PDF 需要 WeasyPrint：请运行 pip install 'casebook[pdf]'",
        "PDF output needs WeasyPrint: run pip install 'casebook[pdf]'",
    ),
    "weasyprint-too-old": (
        "生成 PDF 需要 WeasyPrint {needed} 或更新版本，实际安装的是 {found}：请运行 pip install -U 'casebook[pdf]'",
        "PDF output needs WeasyPrint {needed} or newer, found {found}: run pip install -U 'casebook[pdf]'",
    ),
    "booklet-written": (
        "已生成小册子 {path}（{pages} 页）",
        "booklet written to {path} ({pages} pages)",
    ),
    # --- issue 11: the booklet's fonts, and PDFs offered on the site ---
    "font-unused": (
        "小册子没有用上中文字体 {path}（{family}），实际用的是 {used}：字体没有在系统中登记（fontconfig）；请运行 fc-cache -f，或用 --font 指定 .otf/.ttf 字体文件",
        "the booklet did not use the CJK font {path} ({family}) but {used}: fontconfig does not know it; run fc-cache -f or give an .otf/.ttf font file with --font",
    ),
    "weasyprint-unusable": (
        "WeasyPrint 已安装但无法使用（{reason}）：请安装 Pango（apt-get install libpango-1.0-0 libpangoft2-1.0-0）",
        "WeasyPrint is installed but cannot run ({reason}): install Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
    ),
    "booklet-pdf-skipped": (
        "集锦页不提供 PDF 下载，只有打印版：{reason}",
        "collection pages offer no PDF download, only the print page: {reason}",
    ),
    "booklet-pdf-built": (
        "集锦的 PDF 小册子：{count} 个，其中 {kept} 个没有变化、取自缓存（{seconds} 秒）",
        "PDF booklets of the collections: {count}, {kept} of them unchanged and taken from the cache ({seconds} s)",
    ),
    "not-a-project": (
        "{path} 不是案例库项目：应包含 cases/ 目录；可用 casebook init 新建",
        "{path} is not a Casebook project: expected a cases/ folder; run casebook init to start one",
    ),
    "serve-failed": (
        "无法在 {address} 启动预览：{reason}；可能已有一个预览在运行，请关闭它或用 -a 127.0.0.1:8001 换一个端口",
        "cannot start the preview on {address}: {reason}; another preview may be running, stop it or use -a 127.0.0.1:8001",
    ),
    # --- issue 11: casebook new, folder options ---
    "new-unknown-unit": (
        "单位“{found}”未在 cases/units.yml 中登记{hint_zh}\n--unit 可以写单位编号或单位全称。已登记的单位（共 {count} 个，编号 名称）：\n{choices}\n新单位请先在 cases/units.yml 中登记",
        "unit \"{found}\" is not registered in cases/units.yml{hint_en}\n--unit takes a unit id or its full name. The registered units ({count}, id and name):\n{choices}\nregister a new unit in cases/units.yml first",
    ),
    "new-unknown-criterion": (
        "创建清单项“{found}”不存在{hint_zh}\n--criterion 可以写清单项编号或名称。cases/criteria.yml 中的清单项（共 {count} 项，编号 名称）：\n{choices}",
        "there is no criterion \"{found}\"{hint_en}\n--criterion takes a criterion id or name. The criteria in cases/criteria.yml ({count}, id and name):\n{choices}",
    ),
    "new-criterion-missing": (
        "缺少 --criterion：每个案例至少要对应一项创建清单项。请加上 --criterion 编号或名称（可写多次），如 --criterion {example}。cases/criteria.yml 中的清单项（编号 名称）：\n{choices}",
        "missing --criterion: every case belongs to at least one criterion. Add --criterion with an id or name (repeatable), such as --criterion {example}. The criteria in cases/criteria.yml (id and name):\n{choices}",
    ),
    "new-criterion-choices": (
        "这个案例对应哪一项创建清单？（cases/criteria.yml，编号 名称）\n{choices}",
        "Which criterion does this case belong to? (cases/criteria.yml, id and name)\n{choices}",
    ),
    "new-criterion-prompt": (
        "请输入序号、编号或名称，多项用空格或逗号分开",
        "Type the number, id or name; separate several with spaces or commas",
    ),
    "case-todo": (
        "接下来请打开这个文件，把下列各处的“【请填写】”换成实际内容（contacts、results 用不上可以整项删除）：",
        "next, open the file and replace each \"【请填写】\" below with the real text (delete contacts or results if they do not apply):",
    ),
    "case-todo-end": (
        "写完后运行 casebook validate 检查；casebook serve 可以边写边在浏览器里预览",
        "then run casebook validate to check it; casebook serve previews it in the browser as you write",
    ),
    "folder-argument-deprecated": (
        "提示：把项目目录直接写在命令后面（casebook {command} {path}）是旧写法，以后会取消；请改写为 casebook {command} --project {path}",
        "note: the project folder as an argument (casebook {command} {path}) is deprecated and will be removed; write casebook {command} --project {path}",
    ),
    "project-twice": (
        "项目目录写了两次且不一致：--project {project}，命令后面又写了 {path}；请只用 --project",
        "the project folder is given twice and differently: --project {project} and the argument {path}; use --project only",
    ),
    # --- issue 9 §2: output folders ---
    "output-contains-project": (
        "输出目录 {path} 是项目目录 {project} 本身或包含它：输出目录会被整体替换，项目（cases/、.git 等）将被删除；应为项目内单独的目录，如 --site-dir site。未做任何改动",
        "output folder {path} is or contains the project {project}: the output folder is replaced whole, which would delete the project (cases/, .git ...); expected a folder of its own, such as --site-dir site. Nothing was changed",
    ),
    "output-overlaps-source": (
        "输出目录 {path} 与 {source} 重叠（是它、在它里面或包含它）：输出目录会被整体替换，不能碰案例（cases/）、页面源文件（docs/）、缓存或 .git；应为单独的目录，如 --site-dir site。未做任何改动",
        "output folder {path} overlaps {source} (is it, lies inside it or contains it): the output folder is replaced whole and must not touch cases/, the docs folder, the cache or .git; expected a folder of its own, such as --site-dir site. Nothing was changed",
    ),
    "output-not-casebook": (
        "{path} 已存在，但不是 Casebook 生成的目录（里面没有标记文件 {marker}）：为免误删，只会替换不存在的、空的或以前由 casebook build/generate 生成的目录。请换一个输出目录；如确认其中内容可以删除，请自行删除后再运行。未做任何改动",
        "{path} exists but is not a folder Casebook wrote (it has no {marker} marker file): to avoid deleting anything, only a new or empty folder, or one a previous casebook build/generate wrote, is replaced. Choose another output folder, or delete this one yourself if its content may go. Nothing was changed",
    ),
    "output-busy": (
        "另一个 casebook 进程正在写入 {path}（锁文件 {lock}）：请等它结束后再运行。未做任何改动",
        "another casebook run is writing {path} (lock file {lock}): wait for it to finish and run again. Nothing was changed",
    ),
    "output-unwritable": (
        "无法写入 {path}：{reason}；请检查它的上级目录是否存在、是目录且可写，或换一个输出位置。原有内容未改动",
        "cannot write {path}: {reason}; check that its parent exists, is a folder and is writable, or choose another place. Nothing that was there was changed",
    ),
    "output-not-pdf": (
        "{path} 已存在且不是 PDF 文件：为免覆盖其他文件，小册子只会写入新文件或替换已有的 PDF；请用 --out 指定另一个 .pdf 文件。未做任何改动",
        "{path} exists and is not a PDF file: to avoid overwriting other files, a booklet only creates a new file or replaces a PDF; give another .pdf file with --out. Nothing was changed",
    ),
    # --- issue 9 §4: contributor content ----------------------------------------
    "attachment-type": (
        "文件“{found}”的类型 {suffix} 不能发布：只允许 {allowed}；请转换为其中一种类型，或把文件移出该文件夹",
        "file \"{found}\" of type {suffix} cannot be published: expected one of {allowed}; convert it to one of these types or move it out of the folder",
    ),
    "attachment-control-char": (
        "附件文件名“{found}”含有不可见的控制字符或格式字符（已显示为 \\u 编码）：这类字符能让文件名显示得与实际不同（如把 .exe 显示成 .png）；请给文件改名，只用普通文字",
        "attachment name \"{found}\" contains invisible control or format characters (shown as \\u escapes): they can make a name display differently from what it is (an .exe shown as .png); rename the file using plain characters",
    ),
    "unsafe-html-attribute": (
        "正文中 HTML 属性“{found}”发布时会被删除（主题会把 title 当作网页代码显示，name 可能冒充页面元素）；如需说明文字，请直接写在正文里",
        "HTML attribute \"{found}\" in the body will be removed when published (the theme shows title as HTML, and a name can pose as an element of the page); write the explanation in the text instead",
    ),
    # --- issue 9 §3: editions and configuration ---
    "mkdocs-config": (
        "mkdocs.yml 配置有误：{detail}；请改正这一项（mkdocs build 会报同样的错误）",
        "mkdocs.yml is not valid: {detail}; fix this setting (mkdocs build reports the same)",
    ),
    "preview-option-removed": (
        "插件选项 preview 已取消：应删除这一项，实际为 {found}；草稿和待审核案例只在 casebook serve 预览中显示，不会进入任何构建",
        "the plugin option preview was removed: expected no such option, found {found}; drafts and submitted cases show only in casebook serve, never in a build",
    ),
    "directory-urls-required": (
        "应为 use_directory_urls: true（或删除这一项），实际为 false：案例库生成的站内链接按目录式网址计算，设为 false 会让链接全部失效",
        "expected use_directory_urls: true (or no such setting), found false: Casebook's links are computed for directory URLs and would all break",
    ),
    "cache-dir-unsafe": (
        "缓存目录不安全：应在 docs/、站点目录、cases/ 和 .git 之外，且不是项目根目录，实际为“{found}”（{path}）；缓存里有全部页面（含内网页面）的文字，放在这些地方会被发布或覆盖；请删除这一项，使用默认的 .casebook-cache",
        "unsafe cache folder: expected a folder outside docs/, the site folder, cases/ and .git, and not the project root, found \"{found}\" ({path}); the cache holds the text of every page (internal ones too) and would be published or overwritten there; remove the setting to use the default .casebook-cache",
    ),
    # --- hand-written pages (docs/) ------------------------------------------
    "invalid-page-edition": (
        "页面的版本无效：应为 internal（只在内网版）或 public（内网版和公开版都有），实际为{found_zh}；不写 edition 时两个版本都有这一页",
        "invalid page edition: expected internal (the internal edition only) or public (both editions), found {found_en}; without edition the page is in both editions",
    ),
    "internal-block-unclosed": (
        "内网内容块没有结束：这一行的 {start} 之后、下一个 {start} 或文件末尾之前应有一行 {end}，实际没有（内容块不能嵌套）；请在只给内网看的内容之后加一行 {end}",
        "internal block not closed: expected a line {end} after the {start} on this line, before the next {start} or the end of the file, found none (blocks do not nest); add a line {end} after the internal-only text",
    ),
    "internal-block-stray-end": (
        "多余的 {end}：前面应有对应的一行 {start}，实际没有；请删除这一行，或在只给内网看的内容之前加一行 {start}",
        "stray {end}: expected a line {start} before it, found none; delete this line or add {start} before the internal-only text",
    ),
    "page-edition-unread": (
        "edition: {found} 写在了前置信息之外：前置信息应以单独一行 --- 开始、以一行 --- 结束，案例库只读这里的 edition；为免把内网页面发布出去，本次构建已停止；请把它写进前置信息",
        "edition: {found} is outside the front matter: expected it between a first line --- and a closing line ---, the only place Casebook reads it; the build stopped so that no internal page is published; move it into the front matter",
    ),
    "internal-link-dropped": (
        "{file}：链接“{target}”指向只在内网版的页面，公开版中只保留链接文字",
        "{file}: the link \"{target}\" points to a page of the internal edition only; the public edition keeps its text only",
    ),
    "edition-built": (
        "本次构建的是{edition}",
        "built the {edition} edition",
    ),
    "edition-override": (
        "按命令行 --edition 生成{edition}；mkdocs.yml 设置的是{configured}",
        "building the {edition} edition as --edition {edition} says; mkdocs.yml sets {configured}",
    ),
    "preview-public": (
        "--preview 不能与 --edition public 同用：草稿和待审核案例不得进入公开版；请去掉 --preview，或改用内网版",
        "--preview cannot be used with --edition public: drafts and submitted cases never enter the public edition; drop --preview or build the internal edition",
    ),
    # --- issue 9 §6: messages that agree with the page --------------------------
    "body-too-deep": (
        "正文嵌套层级过深，无法生成页面：请减少列表、引用的嵌套层数（一般不超过 10 层）",
        "the body is nested too deeply to render: expected lists and quotes nested a few levels deep; reduce the nesting",
    ),
    # --- issue 9 §5: input that hangs or crashes ----------------------------------
    "too-deep-nesting": (
        "{nesting}嵌套过深：最多 {limit} 层，这一行达到 {depth} 层；正常案例远用不到这么多层（多半是误粘贴的内容），请删除或改写，否则页面无法生成",
        "{nesting} nested too deep: expected at most {limit} levels, found {depth} on this line; no real case comes near this (it is most likely pasted by mistake), remove or rewrite it, the page cannot be built otherwise",
    ),
    "render-failed": (
        "无法生成这个案例的页面（{reason}）：请检查正文中嵌套很深或很长的列表、引用、HTML 标签和链接，运行 casebook validate 查看具体行",
        "cannot build the page of this case ({reason}): look for deeply nested or very long lists, quotes, HTML tags and links in its body; run casebook validate for the line",
    ),
    "reserved-id": (
        "编号“{found}”是保留字：站点已把 {path} 用作列表页或集锦文件夹，同名会冲突；请换一个编号",
        "id \"{found}\" is reserved: expected another id, the site already uses {path} (a list page or the collections folder)",
    ),
    "not-regular-file": (
        "“{found}”不是普通文件，而是{file_kind}：cases/ 下只能放普通文件和文件夹，这样的条目不会被读取；请删除它，或换成文件本身",
        "\"{found}\" is not a regular file but {file_kind}: expected ordinary files and folders under cases/, such entries are never read; remove it or put the real file there",
    ),
    # --- issue 10: search with Pagefind --------------------------------------
    "pagefind-missing": (
        "找不到 Pagefind（站内搜索的索引程序）：应随案例库一起安装；请在同一虚拟环境中运行 pip install \"pagefind[extended]\"",
        "Pagefind (which writes the search index) is not installed: expected it with Casebook; run pip install \"pagefind[extended]\" in the same virtualenv",
    ),
    "pagefind-failed": (
        "写搜索索引失败（Pagefind：{reason}）；站点没有生成，原有站点保持不变；请检查磁盘空间和内存后重试",
        "writing the search index failed (Pagefind: {reason}); no site was written and the old one is unchanged; check disk space and memory and retry",
    ),
    "search-indexed": (
        "搜索索引：{records} 条记录，{shards} 个分片",
        "search index: {records} records in {shards} shard(s)",
    ),
    # --- the assessment table (cases/campaign.yml) and each unit's progress (progress.yml) ---
    "progress-without-campaign": (
        "有进度文件，但没有考核表：请先在 cases/campaign.yml 中写明创建活动、验收日期和考核项目（casebook init 生成的项目里有示例）",
        "a progress file without an assessment table: write the campaign, its acceptance date and items in cases/campaign.yml first (a project made by casebook init has an example)",
    ),
    "acceptance-before-start": (
        "验收日期 {found} 早于开始日期 {start}：验收日期应在开始日期之后",
        "acceptance date {found} is before the start {start}: expected a date after the start",
    ),
    "milestone-outside": (
        "节点日期 {found} 不在活动期间：应在开始日期 {start} 和验收日期 {acceptance} 之间",
        "milestone date {found} is outside the campaign: expected a date between the start {start} and the acceptance {acceptance}",
    ),
    "duplicate-table-criterion": (
        "创建清单项“{found}”在考核表中出现了两次（第 {first_line} 行已有）：请把它的考核项目合并到一处",
        "criterion \"{found}\" appears twice in the table (already on line {first_line}): put all its items in one place",
    ),
    "unknown-milestone": (
        "节点“{found}”不存在：before 应为以下之一：{expected}{hint_zh}（不写则为 acceptance 验收）",
        "unknown milestone \"{found}\": expected one of {expected}{hint_en} (leave before out for the acceptance date)",
    ),
    "item-starts-before-campaign": (
        "工期不足：{found} 个工作日倒排到“{milestone}”，最迟 {latest_start} 就要开始，早于活动开始日期 {start}；请减少天数或推后节点",
        "not enough time: {found} working days before \"{milestone}\" means starting by {latest_start}, before the campaign starts on {start}; fewer days or a later milestone",
    ),
    "criteria-without-items": (
        "这些创建清单项在考核表中没有考核项目：{names}；如确实不考核，可忽略本提示",
        "these criteria have no items in the table: {names}; ignore this if they are not assessed",
    ),
    "not-a-count": (
        "应为 1 到 {limit} 之间的整数，实际为“{found}”",
        "expected a whole number from 1 to {limit}, found \"{found}\"",
    ),
    "duplicate-person": (
        "责任人“{found}”重复（第 {first_line} 行已有）：同一单位的责任人姓名不能重复；同名时请在姓名后加区分，如“王某（社区）”",
        "person \"{found}\" listed twice (already on line {first_line}): names must differ within a unit; add a distinction to one of the names, such as the role in brackets",
    ),
    "unknown-item": (
        "考核项目“{found}”不在 cases/campaign.yml 的考核表中：应写考核项目的编号{hint_zh}",
        "item \"{found}\" is not in the assessment table of cases/campaign.yml: expected an item id{hint_en}",
    ),
    "duplicate-progress-item": (
        "考核项目“{found}”重复（第 {first_line} 行已有）：每个考核项目在一个单位只写一次",
        "item \"{found}\" appears twice (already on line {first_line}): expected each item once per unit",
    ),
    "missing-person": (
        "考核项目“{item}”的进展是 {status}，但没有责任人：请写 person: 责任人姓名（本文件 people 中的一人）",
        "item \"{item}\" is {status} but has no responsible person: write person: <a name from people in this file>",
    ),
    "unknown-person": (
        "责任人“{found}”不在本文件的 people 中：应为以下之一：{expected}{hint_zh}（新责任人请先加到 people，写明姓名和职务）",
        "person \"{found}\" is not in this file's people: expected one of {expected}{hint_en} (add a new person to people with name and role first)",
    ),
    "due-after-acceptance": (
        "完成时限 {found} 晚于验收日期 {acceptance}：只能提前，不能推后",
        "due date {found} is after the acceptance date {acceptance}: a due date may be earlier, never later",
    ),
    "due-too-late": (
        "完成时限 {found} 晚于考核表倒排的时限 {computed}（“{milestone}”之前）：只能提前，不能推后；不写则用 {computed}",
        "due date {found} is later than the table's {computed} (before \"{milestone}\"): a due date may be earlier, never later; leave it out for {computed}",
    ),
    "done-without-evidence": (
        "考核项目“{item}”已完成，但没有佐证材料：请在 evidence 中写本单位已审核案例的编号，或 progress 文件夹中的文件名",
        "item \"{item}\" is done but has no evidence: list an approved case of this unit or a file in the progress folder under evidence",
    ),
    "missing-reason": (
        "考核项目“{item}”标为不适用，但没有写理由：请写 reason: 不适用的理由",
        "item \"{item}\" is not-applicable without a reason: write reason: <why>",
    ),
    "updated-in-future": (
        "最后更新日期 {found} 晚于截至日期 {as_of}：更新日期不能是将来",
        "last update {found} is after the as-of date {as_of}: expected a date that has passed",
    ),
    "evidence-not-approved": (
        "佐证案例“{found}”还没有审核通过（status: {status}）：只有已审核（approved）的案例可以作为佐证",
        "evidence case \"{found}\" is not approved (status: {status}): only approved cases count as evidence",
    ),
    "evidence-other-unit": (
        "佐证案例“{found}”是其他单位（{owner}）的：只能用本单位的案例；借鉴了该案例的，请在本单位自己的案例中写 replicated_from: {found}，再用那个案例作佐证",
        "evidence case \"{found}\" belongs to another unit ({owner}): use this unit's own cases; a case of this unit that copies it (replicated_from: {found}) may cite it",
    ),
    "invalid-as-of": (
        "截至日期“{found}”无效：应为 年-月-日，如 --as-of 2026-12-01",
        "invalid as-of date \"{found}\": expected YYYY-MM-DD, e.g. --as-of 2026-12-01",
    ),
    "invalid-source-date-epoch": (
        "环境变量 SOURCE_DATE_EPOCH 的值“{found}”无效：应为 1970 年以来的秒数；请改正或删除它，或用 --as-of 指定日期",
        "invalid SOURCE_DATE_EPOCH \"{found}\": expected seconds since 1970; fix or unset it, or give --as-of",
    ),
    "progress-heading": (
        "{campaign} · 截至 {as_of} · 验收日期 {acceptance}（还有 {days_left} 天）",
        "{campaign} - as of {as_of} - acceptance {acceptance} ({days_left} day(s) left)",
    ),
    "progress-heading-past": (
        "{campaign} · 截至 {as_of} · 验收日期 {acceptance}（已过 {days_past} 天）",
        "{campaign} - as of {as_of} - acceptance {acceptance} ({days_past} day(s) ago)",
    ),
    "progress-totals": ("合计：{counts}", "In all: {counts}"),
    "progress-count": ("{state} {count} 项", "{state} {count}"),
    "progress-unit": ("{unit}（已完成 {done}/{total}）：{counts}", "{unit} ({done}/{total} done): {counts}"),
    "progress-unit-on-track": ("没有逾期或需要提醒的项目", "nothing overdue or at risk"),
    "progress-person": ("{name}（{role}）", "{name} ({role})"),
    "progress-nobody": ("未明确责任人", "nobody named"),
    "progress-task": ("[{state}] {item} {name}（{criterion}）· {when}", "[{state}] {item} {name} ({criterion}) - {when}"),
    "progress-when-overdue": ("时限 {due}，已逾期 {late} 天", "due {due}, {late} day(s) overdue"),
    "progress-when-start": ("最迟 {latest_start} 开始，时限 {due}", "should have started by {latest_start}, due {due}"),
    "progress-when-due": ("时限 {due}", "due {due}"),
    "progress-no-units": ("还没有单位填写进度（cases/单位编号/progress.yml）", "no unit has a progress file yet (cases/<unit>/progress.yml)"),
    "no-campaign": (
        "项目里没有考核表 cases/campaign.yml：请先写明创建活动、验收日期和考核项目（见投稿指南“创建进度”一节）",
        "the project has no assessment table cases/campaign.yml: write the campaign, its acceptance date and items first (see the guide)",
    ),
    "board-has-errors": (
        "考核表或进度文件有 {errors} 个错误（见上），有错误的部分未计入；运行 casebook validate 查看全部问题",
        "{errors} error(s) in the assessment table or progress files (above); those parts are left out; run casebook validate for everything",
    ),
    # --- the spreadsheet (casebook progress export / import) ---------------------------
    "sheet-where-cell": ("{file} 工作表“{sheet}”第 {row} 行“{column}”", "{file} sheet \"{sheet}\" row {row} column \"{column}\""),
    "sheet-where-row": ("{file} 工作表“{sheet}”第 {row} 行", "{file} sheet \"{sheet}\" row {row}"),
    "sheet-where-sheet": ("{file} 工作表“{sheet}”", "{file} sheet \"{sheet}\""),
    "sheet-problem": ("{where}：{severity}[{code}] {message}", "{where}: {severity}[{code}] {message}"),
    "sheet-missing": ("找不到进度表 {path}：请检查文件名和所在文件夹", "spreadsheet {path} not found: check the name and the folder"),
    "sheet-too-large": (
        "进度表 {path} 过大：上限 {limit} 字节，实际 {size} 字节；案例库导出的进度表通常只有几十 KB，请确认选对了文件。没有修改任何文件",
        "spreadsheet {path} is too large: expected at most {limit} bytes, found {size}; an exported sheet is a few dozen KB, check the file. Nothing was changed",
    ),
    "sheet-encrypted": (
        "进度表 {path} 设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中打开，删除密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空后确定）并保存，再导入。没有修改任何文件",
        "spreadsheet {path} is password-protected (encrypted) and cannot be read: open it in Excel or WPS, remove the password (File -> Info -> Protect Workbook -> Encrypt with Password, clear it), save and import again. Nothing was changed",
    ),
    "sheet-old-xls": (
        "进度表 {path} 是旧版 Excel 97-2003 格式（.xls）：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx），再导入。没有修改任何文件",
        "spreadsheet {path} is in the old Excel 97-2003 format (.xls): save it as an Excel workbook (.xlsx) in Excel or WPS and import that. Nothing was changed",
    ),
    "sheet-not-xlsx": (
        "{path} 不是 Excel 工作簿（.xlsx）：应导入用 casebook progress export 导出、填写后交回的 .xlsx 文件。没有修改任何文件",
        "{path} is not an Excel workbook (.xlsx): expected the .xlsx file casebook progress export wrote, filled in. Nothing was changed",
    ),
    "sheet-damaged": (
        "进度表 {path} 已损坏，无法读取（{reason}）：请填表人在 Excel 或 WPS 中重新保存后再发送。没有修改任何文件",
        "spreadsheet {path} is damaged and cannot be read ({reason}): ask whoever filled it in to save it again in Excel or WPS and resend it. Nothing was changed",
    ),
    "sheet-not-casebook": (
        "{path} 不是案例库导出的进度表（没有找到隐藏的考核项目编号列）：只能导入用 casebook progress export 导出、填写后交回的表格；请把内容填到导出的进度表中。没有修改任何文件",
        "{path} is not a progress sheet Casebook exported (no hidden item-id column): only a sheet written by casebook progress export and filled in can be imported; copy the content into an exported sheet. Nothing was changed",
    ),
    "sheet-foreign-sheet": ("这个工作表不是案例库导出的，已跳过", "not a sheet Casebook exported; skipped"),
    "sheet-newer-format": (
        "这个工作表是新版案例库导出的（格式 {found}，本版本只认识 {expected}）：请升级案例库后再导入",
        "this sheet was exported by a newer Casebook (format {found}, this version reads {expected}): upgrade Casebook and import again",
    ),
    "sheet-unknown-unit": (
        "这个工作表属于单位“{found}”，但 cases/units.yml 中没有这个单位{hint_zh}：请用本项目导出的进度表",
        "this sheet belongs to unit \"{found}\", which cases/units.yml does not list{hint_en}: use a sheet exported from this project",
    ),
    "sheet-no-progress": (
        "单位“{unit}”没有进度文件 cases/{unit}/progress.yml：这个工作表无法导入；请先建立该文件（写明 people 和 items），再重新导出、填写",
        "unit \"{unit}\" has no progress file cases/{unit}/progress.yml, so this sheet cannot be imported: create the file (people and items) first, then export and fill in a new sheet",
    ),
    "sheet-progress-invalid": (
        "cases/{unit}/progress.yml 有错误，无法导入这个工作表：请先运行 casebook validate 改正该文件",
        "cases/{unit}/progress.yml has errors, so this sheet cannot be imported: run casebook validate and fix that file first",
    ),
    "sheet-unit-twice": (
        "单位“{unit}”有两个工作表（另一个是“{other}”）：每个单位只能交一个工作表；请删掉多余的一个",
        "unit \"{unit}\" has two sheets (the other one is \"{other}\"): expected one sheet per unit; delete the extra one",
    ),
    "sheet-layout-changed": (
        "表头与导出时不同：第 {position} 列应为“{expected}”，实际为“{found}”；请不要增删或移动列，重新导出后再填写",
        "the header differs from the exported one: column {position} should be \"{expected}\", found \"{found}\"; do not add, delete or move columns; export again and fill that in",
    ),
    "sheet-row-without-id": (
        "这一行没有考核项目编号（可能是新插入的行），其中的内容无法导入：请把内容填到对应考核项目的那一行",
        "this row has no item id (perhaps a row inserted by hand), so its content cannot be imported: write it in the row of its item",
    ),
    "sheet-unknown-item": (
        "考核项目“{found}”已不在考核表 cases/campaign.yml 中：考核表在导出之后改过；请重新导出后再填写",
        "item \"{found}\" is no longer in the assessment table cases/campaign.yml: the table changed after the export; export again and fill that in",
    ),
    "sheet-item-twice": (
        "考核项目“{found}”出现了两次（第 {first_row} 行已有）：每个考核项目只能有一行；请删掉复制出来的那一行",
        "item \"{found}\" appears twice (already in row {first_row}): expected one row per item; delete the copied row",
    ),
    "sheet-row-damaged": (
        "这一行隐藏的导出信息缺失或被改动，无法判断哪些内容是新填写的：请重新导出后再填写",
        "the hidden export data of this row is missing or changed, so what was filled in cannot be told apart: export again and fill that in",
    ),
    "sheet-empty-status": (
        "进展情况是空的：应为 未开始、推进中、已完成、不适用 之一（从下拉列表中选择）",
        "the status is empty: expected one of {sheet_statuses} (choose from the drop-down list)",
    ),
    "sheet-bad-status": (
        "进展情况“{found}”无法识别：应为 未开始、推进中、已完成、不适用 之一（从下拉列表中选择）",
        "status \"{found}\" is not recognised: expected one of {sheet_statuses} (choose from the drop-down list)",
    ),
    "sheet-bad-date": (
        "“{found}”不是有效的日期：应写成 2026-11-30 或 2026年11月30日",
        "\"{found}\" is not a valid date: expected 2026-11-30 or {chinese_date}",
    ),
    "sheet-date-no-year": (
        "日期“{found}”没有年份：应写成 2026-11-30 或 2026年11月30日",
        "date \"{found}\" has no year: expected 2026-11-30 or {chinese_date}",
    ),
    "sheet-date-number": (
        "这里是数字 {found}，不是日期：请把单元格格式设为日期，或写成 2026-11-30",
        "this is the number {found}, not a date: format the cell as a date or write 2026-11-30",
    ),
    "sheet-unknown-person": (
        "责任人“{found}”不在本单位的责任人名单中：应为以下之一：{expected}{hint_zh}；新责任人请写“姓名（职务）”，如“{found}（社区民警）”",
        "person \"{found}\" is not among this unit's people: expected one of {expected}{hint_en}; write a new person as \"name{lp}role{rp}\" with Chinese brackets, e.g. \"{found}{lp}{example_role}{rp}\"",
    ),
    "sheet-person-role": (
        "责任人“{name}”在名单中的职务是“{role}”，这里写的是“{found}”：这里只写姓名即可；职务有变化请改 cases/{unit}/progress.yml 的 people",
        "person \"{name}\" has the role \"{role}\" in the list, this cell says \"{found}\": write the name alone; change the role in people of cases/{unit}/progress.yml",
    ),
    "sheet-person-two-roles": (
        "新责任人“{name}”在第 {first_row} 行写的职务是“{first}”，这里是“{found}”：同一个人请写同一个职务",
        "new person \"{name}\" has the role \"{first}\" in row {first_row} and \"{found}\" here: write one role for one person",
    ),
    "sheet-conflict": (
        "表中改成了“{found}”，但导出（截至 {as_of}）之后 progress.yml 中也改过：导出时为“{exported}”，现在是“{current}”；请确认以哪个为准，重新导出后再填写",
        "the sheet says \"{found}\", but progress.yml changed too after the export (as of {as_of}): \"{exported}\" then, \"{current}\" now; decide which is right, export again and fill that in",
    ),
    "sheet-cannot-edit": (
        "无法在原文件中安全地改写这里的内容（写法特殊，例如整个列表写在一行里）：请按每个字段一行的写法改写这部分，或手工修改该文件",
        "this part cannot be changed in place safely (an unusual layout, such as a whole list on one line): write one field a line here, or edit the file by hand",
    ),
    "sheet-exported": (
        "已导出 {path}：汇总表和 {units} 个单位的考核表，截至 {as_of}",
        "wrote {path}: the summary and {units} unit sheet(s), as of {as_of}",
    ),
    "sheet-import-unit": ("{file}：修改 {changed} 项，新增 {added} 项", "{file}: {changed} item(s) changed, {added} added"),
    "sheet-import-unit-people": (
        "{file}：修改 {changed} 项，新增 {added} 项，新增责任人 {people}",
        "{file}: {changed} item(s) changed, {added} added, new people: {people}",
    ),
    "sheet-import-written": ("已写入 {files} 个进度文件", "wrote {files} progress file(s)"),
    "sheet-import-unchanged": ("进度表与进度文件一致，没有需要导入的改动", "the sheet matches the progress files: nothing to import"),
    "sheet-import-dry-run": ("试运行（--dry-run）：以上改动没有写入任何文件", "dry run (--dry-run): nothing above was written"),
    "sheet-import-refused": (
        "进度表有 {errors} 个错误（见上），没有修改任何文件；改正后重新导入",
        "{errors} error(s) in the sheet (above); no file was changed; fix them and import again",
    ),
    "sheet-out-not-xlsx": (
        "--out 应为 .xlsx 文件，实际为 {path}：请写成如 --out 进度表.xlsx",
        "--out should be an .xlsx file, found {path}: write e.g. --out progress.xlsx",
    ),
    "sheet-out-in-source": (
        "不能把进度表写到 {path}：它在 {source} 里面（案例、页面源文件、缓存或 .git）；请写到别处，如 --out 进度表.xlsx。没有写任何文件",
        "the sheet cannot be written to {path}: it lies inside {source} (cases, page sources, the cache or .git); write it elsewhere, e.g. --out progress.xlsx. Nothing was written",
    ),
    "sheet-out-foreign": (
        "{path} 已存在，但不是案例库导出的进度表：不会覆盖它；请另选文件名。没有写任何文件",
        "{path} exists and is not a progress sheet Casebook exported: it is not replaced; choose another name. Nothing was written",
    ),
    "sheet-out-pending": (
        "{path} 中有 {count} 处填写的内容还没有导入（如工作表“{sheet}”第 {row} 行“{column}”）：覆盖会丢掉这些内容；请先导入（casebook progress import），或另选文件名。没有写任何文件",
        "{path} holds {count} filled-in cell(s) not imported yet (e.g. sheet \"{sheet}\" row {row} column \"{column}\"): replacing it would lose them; import it first (casebook progress import) or choose another name. Nothing was written",
    ),
    "sheet-out-unwritable": (
        "无法写入 {path}（{reason}）：请检查文件夹是否存在、是否有写入权限，以及该文件是否正在 Excel/WPS 中打开。没有写任何文件",
        "cannot write {path} ({reason}): check that the folder exists and is writable, and that the file is not open in Excel/WPS. Nothing was written",
    ),
    "sheet-unit-no-progress": (
        "单位“{unit}”没有可用的进度文件 cases/{unit}/progress.yml（不存在或有错误）：无法导出它的考核表",
        "unit \"{unit}\" has no usable progress file cases/{unit}/progress.yml (missing or with errors): its sheet cannot be exported",
    ),
    "preview-updated": (
        "预览已更新：重新生成 {changed} 个页面，删除 {removed} 个，其余 {kept} 个未变",
        "preview updated: {changed} page(s) made again, {removed} removed, {kept} unchanged",
    ),
    "search-delta": (
        "搜索索引：已更新改动过的 {records} 个页面",
        "search index: updated the {records} changed page(s)",
    ),
    "theme-search-off": (
        "mkdocs.yml 启用了主题自带的 {name} 插件：案例库已自带站内搜索（Pagefind），本次已关闭该插件；请从 mkdocs.yml 的 plugins 中删除“- {name}”",
        "mkdocs.yml enables the theme's {name} plugin: Casebook has its own site search (Pagefind) and turned it off for this build; remove \"- {name}\" from plugins in mkdocs.yml",
    ),
    # --- issue 11: a preview with errors -----------------------------------------
    "preview-paused": (
        "预览暂停：发现 {errors} 个错误（见上面的列表）。浏览器中的每个页面都显示这些错误；改正文件并保存后自动刷新",
        "preview paused: {errors} error(s), listed above. Every page in the browser shows them; fix and save the file and it refreshes by itself",
    ),
    "preview-failed": (
        "预览暂停：站点无法生成（原因见上面）。浏览器中的每个页面都显示这条信息；问题解决并保存后自动刷新",
        "preview paused: the site cannot be built (the reason is above). Every page in the browser shows it; fix it, save, and it refreshes by itself",
    ),
    "preview-back": (
        "错误已改正，预览恢复",
        "errors fixed: the preview is back",
    ),
    # --- issue 14: casebook import (Word documents -> case drafts) ------------------
    "import-needs-docx": (
        "导入 Word 文档需要 python-docx（可选组件 casebook[import]），当前环境中没有安装：请在安装 casebook 的同一个环境中运行 pip install \"casebook[import]\"，再重新导入。未写入任何文件",
        "importing Word documents needs python-docx (the optional extra casebook[import]), which is not installed here: run pip install \"casebook[import]\" in the environment casebook is installed in, then import again. Nothing was written",
    ),
    "import-no-files": (
        "没有可导入的文件：{found} 中没有文档；请写出 .docx 文件，或存放它们的文件夹",
        "nothing to import: {found} holds no document; name .docx files or the folder they are in",
    ),
    "import-imported": (
        "已导入 {source} → {path}（草稿，status: draft）",
        "imported {source} -> {path} (a draft, status: draft)",
    ),
    "import-dry-run": (
        "试运行，未写入任何文件：{source} 将导入为 {path}，内容如下",
        "dry run, nothing written: {source} would become {path}, reading",
    ),
    "import-dry-run-end": (
        "（以上是 {path} 的内容；试运行没有写入任何文件）",
        "(end of {path}; the dry run wrote nothing)",
    ),
    "import-title-style": (
        "  标题“{title}”：取自第 {number} 段（“标题”样式）",
        "  title \"{title}\": paragraph {number} (the Title style)",
    ),
    "import-title-first": (
        "  标题“{title}”：取自第 {number} 段（居中或加粗的第一段）",
        "  title \"{title}\": paragraph {number} (the first one, centred or bold)",
    ),
    "import-title-file": (
        "  标题“{title}”：文档开头既没有“标题”样式，也没有居中或加粗的短段落，用的是文件名；请核对",
        "  title \"{title}\": the document starts with no Title style and no short centred or bold paragraph, so this is its file name; check it",
    ),
    "import-date-paragraph": (
        "  日期 {date}：取自第 {number} 段“{found}”",
        "  date {date}: from paragraph {number} \"{found}\"",
    ),
    "import-date-created": (
        "  日期 {date}：文档中没有日期行，取自文档属性中的创建时间；请核对",
        "  date {date}: the document has no date line, so this is when it was created (its properties); check it",
    ),
    "import-date-modified": (
        "  日期 {date}：文档中没有日期行，取自文档属性中的修改时间；请核对",
        "  date {date}: the document has no date line, so this is when it was last changed (its properties); check it",
    ),
    "import-date-today": (
        "  日期 {date}：文档中没有日期，文档属性中也没有，用的是今天的日期；请核对",
        "  date {date}: neither the document nor its properties give a date, so this is today; check it",
    ),
    "import-section": (
        "  第 {number} 段“{found}” → ## {section}",
        "  paragraph {number} \"{found}\" -> ## {section}",
    ),
    "import-no-sections": (
        "  文档中没有找到与小节对应的标题（如“一、基本情况”“二、主要做法”）：全文放在“## {section}”中",
        "  no heading of the document names a section (a numbered part worded like basic situation, main practices, results, lessons): all of its text is under \"## {section}\"",
    ),
    "import-part-kept": (
        "  第 {number} 段“{found}”对应不上任何小节：保留为“## {section}”下的小标题；如果它应归入某个小节，可在 mkdocs.yml 的 import_headings 中添加这种说法",
        "  paragraph {number} \"{found}\" names no section: kept as a heading inside \"## {section}\"; if it belongs to a section, add its wording to import_headings in mkdocs.yml",
    ),
    "import-part-repeated": (
        "  第 {number} 段“{found}”也属于“## {section}”：保留为其中的小标题",
        "  paragraph {number} \"{found}\" belongs to \"## {section}\" too: kept as a heading inside it",
    ),
    "import-summary": (
        "  摘要：取自“## {section}”的第一段（长于 200 字的在句末截断）",
        "  summary: the first paragraph of \"## {section}\" (cut at a sentence end when longer than 200 characters)",
    ),
    "import-summary-none": (
        "  摘要：文档中没有可用的文字，留下了【请填写】提示",
        "  summary: the document has no text to take it from, so the template's hint 【请填写】 is there",
    ),
    "import-images": (
        "  图片 {count} 张：存入 {folder}/（{first} 起），放在原来的位置",
        "  {count} image(s): saved in {folder}/ ({first} onward), linked where they stood",
    ),
    "import-captions": (
        "  图片说明 {count} 条：图片下面紧接的“图1 ……”一段用作了图片说明（网页上显示在图片下方）",
        "  {count} caption(s): the paragraph right under an image that starts with its figure number became its caption (shown under it on the page)",
    ),
    "import-image-unsupported": (
        "  第 {number} 张图片是 {suffix} 格式，网站无法显示，没有导入：正文中它的位置留有【请填写】提示",
        "  image {number} is {suffix}, which a browser cannot show, and was not imported: its place in the text holds a 【请填写】 hint",
    ),
    "import-image-linked": (
        "  第 {number} 张图片链接到文档以外的文件，没有保存在文档里，没有导入：正文中它的位置留有【请填写】提示",
        "  image {number} links to a file outside the document and is not saved in it, so it was not imported: its place in the text holds a 【请填写】 hint",
    ),
    "import-tables": (
        "  表格 {count} 个：写成 Markdown 表格（第一行作表头）",
        "  {count} table(s): written as Markdown tables (the first row as the header)",
    ),
    "import-merged-cells": (
        "  第 {number} 个表格有合并单元格：合并格的文字只写在左上角那一格，被合并的格留空",
        "  table {number} has merged cells: a merged cell's text is in its top-left position, the positions it covers are empty",
    ),
    "import-footnotes": (
        "  脚注 {count} 条：写成 Markdown 脚注（正文中的 [^1] 等，注释内容在正文末尾）",
        "  {count} footnote(s): written as Markdown footnotes ([^1] in the text, the notes at the end of the body)",
    ),
    "import-tracked-changes": (
        "  文档中有未处理的修订：按“接受所有修订”导入（已删除的文字没有导入）；请核对",
        "  the document has tracked changes: imported as if all were accepted (deleted text left out); check it",
    ),
    "import-todo": (
        "还需要处理（文件:行号）：",
        "still to do (file:line):",
    ),
    "import-tags-empty": (
        "还没有标签：请从 cases/tags.yml 中选填（编号、名称或别名均可），如 {expected}",
        "no tags yet: choose some from cases/tags.yml (an id, name or alias), such as {expected}",
    ),
    "import-total": (
        "共导入 {imported} 个文档，未导入 {skipped} 个",
        "imported {imported} document(s), {skipped} not imported",
    ),
    "import-next": (
        "请逐个打开新文件核对内容，补上上面列出的各处，然后运行 casebook validate 检查；casebook serve 可以在浏览器里预览",
        "open each new file, check it and fill in what is listed above, then run casebook validate; casebook serve previews it in the browser",
    ),
    "import-save-as": (
        "未导入 {found}：这是{kind}，不能直接导入。请在 WPS 或 Word 中打开它，另存为 .docx（Word 文档）后再导入。未写入任何文件",
        "not imported {found}: it is {kind} and cannot be imported as it is. Open it in WPS or Word and save it as .docx (Word document), then import that. Nothing was written",
    ),
    "import-renamed": (
        "未导入 {found}：文件名是 .docx，但它实际是{kind}（多半是直接改了扩展名）。请在 WPS 或 Word 中打开它，另存为 .docx（Word 文档）后再导入。未写入任何文件",
        "not imported {found}: it is named .docx but is really {kind} (most likely renamed). Open it in WPS or Word and save it as .docx (Word document), then import that. Nothing was written",
    ),
    "import-encrypted": (
        "未导入 {found}：文档设置了打开密码（已加密），无法读取。请在 WPS 或 Word 中用密码打开它，取消密码后另存为 .docx，再导入。未写入任何文件",
        "not imported {found}: the document is protected by a password (encrypted) and cannot be read. Open it in WPS or Word with the password, remove the password, save it as .docx and import that. Nothing was written",
    ),
    "import-damaged": (
        "未导入 {found}：文件已损坏，无法读取（{reason}）。请在 WPS 或 Word 中打开它，如果能打开，另存为一个新的 .docx 后再导入。未写入任何文件",
        "not imported {found}: the file is damaged and cannot be read ({reason}). Open it in WPS or Word; if it opens, save it as a new .docx and import that. Nothing was written",
    ),
    "import-too-big": (
        "未导入 {found}：解压后有 {size} 字节，超过导入上限 {limit} 字节（这不像一份案例材料，也可能是损坏或恶意的文件）。请把文档拆小，或压缩其中的图片后再导入。未写入任何文件",
        "not imported {found}: it unpacks to {size} bytes, over the import limit of {limit} bytes (not what a case looks like; it may be damaged or malicious). Split the document or compress its images, then import again. Nothing was written",
    ),
    "import-case-too-large": (
        "未导入 {found}：转成的案例文件有 {size} 字节，超过案例文件的上限 {limit} 字节（mkdocs.yml 中 casebook 插件的 max_case_bytes）。一个案例不宜这么长：请把文档拆成几个案例分别导入。未写入任何文件",
        "not imported {found}: the case file would be {size} bytes, over the limit of {limit} bytes (max_case_bytes of the casebook plugin in mkdocs.yml). A case should not be that long: split the document into several cases and import them one by one. Nothing was written",
    ),
    "import-missing-file": (
        "未导入 {found}：找不到这个文件；请检查文件名和所在的文件夹",
        "not imported {found}: there is no such file; check its name and folder",
    ),
    "import-lock-file": (
        "未导入 {found}：这是 Word 或 WPS 打开文档时生成的临时文件（文件名以 ~$ 开头），不是文档本身；请导入不带 ~$ 的那个文件",
        "not imported {found}: this is the temporary file Word or WPS makes while a document is open (its name starts with ~$), not the document; import the file without ~$",
    ),
    "import-write-failed": (
        "未导入 {found}：无法写入 {path}（{reason}）；请检查磁盘空间和文件夹权限。未留下任何文件",
        "not imported {found}: cannot write {path} ({reason}); check disk space and folder permissions. Nothing was left behind",
    ),
    # --- issue 14: import_headings in mkdocs.yml ------------------------------------
    "import-headings-type": (
        "import_headings 应为“小节名: [说法, 说法]”的对应表（小节名为 {sections} 之一），实际为 {found}",
        "import_headings should map a section ({sections}) to a list of wordings, \"section: [wording, wording]\", found {found}",
    ),
    "import-headings-section": (
        "import_headings 中的“{found}”不是小节名：应为 {sections} 之一（即 sections 中的小节）",
        "\"{found}\" in import_headings is not a section: expected one of {sections} (the sections setting)",
    ),
    "import-headings-words": (
        "import_headings 中“{section}”的说法应为非空文字的列表，如 [案情简介, 问题由来]，实际为 {found}",
        "the wordings of \"{section}\" in import_headings should be a list of non-empty texts, such as [wording, wording], found {found}",
    ),
    "import-headings-twice": (
        "import_headings 中的说法“{found}”同时写在了“{other}”和“{section}”下：每种说法只能对应一个小节",
        "the wording \"{found}\" in import_headings is under both \"{other}\" and \"{section}\": a wording names one section",
    ),
}

# Why a .docx cannot be read, for import-damaged ({reason} from param "damage").
DAMAGE_REASONS = {
    "empty": ("文件是空的，0 字节", "the file is empty, 0 bytes"),
    "truncated": ("文件不完整，可能没有下载或复制完", "the file is incomplete, perhaps not fully downloaded or copied"),
    "parts": ("缺少 Word 文档必需的部分", "parts every Word document has are missing"),
    "content": ("文档内容有错误，无法解析", "its content has errors and cannot be parsed"),
}

# What a file given to `casebook import` really is, for import-save-as and import-renamed ({kind}).
DOCUMENT_KINDS = {
    "doc": ("一个旧版 Word 97-2003 文档（.doc）", "an old Word 97-2003 document (.doc)"),
    "wps": ("一个 WPS 文字文档（.wps）", "a WPS Writer document (.wps)"),
    "pdf": ("一个 PDF 文件", "a PDF file"),
    "rtf": ("一个 RTF 文档", "an RTF document"),
    "odt": ("一个 OpenDocument 文档（.odt）", "an OpenDocument text (.odt)"),
    "docm": ("一个含宏的 Word 文档或 Word 模板", "a Word document with macros or a Word template"),
    "text": ("一个纯文本文件", "a plain text file"),
    "html": ("一个网页文件", "a web page"),
    "excel": ("一个 Excel 表格", "an Excel workbook"),
    "powerpoint": ("一个 PPT 演示文稿", "a PowerPoint presentation"),
    "zip": ("一个压缩包，不是 Word 文档", "a zip archive, not a Word document"),
    "ole": ("一个旧版 Office 格式的文件", "a file in an old Office format"),
    "image": ("一张图片", "an image"),
    "other": ("其他类型的文件，不是 Word 文档", "another kind of file, not a Word document"),
}

# A task's state on the progress board (board/board.py STATES), for the site and the report.
PROGRESS_STATES = {
    "overdue": ("已逾期", "overdue"),
    "late-start": ("应开始未开始", "should have started"),
    "due-soon": ("临近时限", "due soon"),
    "in-progress": ("推进中", "in progress"),
    "not-started": ("未开始", "not started"),
    "done": ("已完成", "done"),
    "not-applicable": ("不适用", "not applicable"),
}

# The editions as a reader names them ({edition}, {configured}); English keeps the option's word.
EDITION_NAMES = {
    "internal": ("内网版（internal）", "internal"),
    "public": ("公开版（public）", "public"),
}

# What is nested too deep, for too-deep-nesting ({nesting}).
NESTING_KINDS = {
    "list": ("列表或引用", "lists or quotes"),
    "html": ("HTML 标签", "HTML tags"),
    "brackets": ("方括号 [ ]", "square brackets [ ]"),
    "links": ("没有以 ) 结束的链接“](”", "link destinations \"](\" without their \")\""),
    "unclosed-tags": ("没有结束的 HTML 标签或注释（“<字母”没有 >，“<!--”没有 -->）",
                      "HTML tags or comments never closed (\"<\" and a letter without \">\", \"<!--\" without \"-->\")"),
    "emphasis": ("连续的 * 或 _（强调标记）", "a run of * or _ (emphasis marks)"),
}

# What a directory entry is, for not-regular-file ({file_kind}).
FILE_KINDS = {
    "folder": ("一个文件夹（名字却像文件）", "a folder (named like a file)"),
    "fifo": ("一个命名管道（FIFO）", "a named pipe (FIFO)"),
    "socket": ("一个套接字（socket）", "a socket"),
    "device": ("一个设备文件", "a device file"),
    "link": ("一个符号链接", "a symbolic link"),
    "other": ("一个特殊文件", "a special file"),
}

# Used by format helpers for "expected <type>, found <type>".
TYPE_NAMES = {
    "text": ("文本", "text"),
    "list": ("列表（每项以 - 开头，或写成 [a, b]）", "a list"),
    "mapping": ("“字段: 值”的映射", "a mapping"),
    "empty": ("空值", "nothing"),
}

# The Chinese meaning of each allowed value of a field, for invalid-value ({expected} in zh);
# the words the site shows for them (templates/_macros.html status_label).
VALUE_GLOSSES = {
    "status": {"draft": "草稿", "submitted": "待审核", "approved": "已审核"},
    "visibility": {"internal": "仅内网", "public": "可公开"},
    "progress-status": {"not-started": "未开始", "in-progress": "推进中", "done": "已完成", "not-applicable": "不适用"},
}

# What one item of a list field is, for list-separator ({kind} from param "list_field").
LIST_KINDS = {
    "tags": ("标签", "tag"),
    "criteria": ("创建清单项", "criterion"),
}

# Registry entries listed as name and id ({expected} from params "listing", "more", "registry").
CHOICE = ("{name}（{id}）", "{name} ({id})")
CHOICES_SEPARATOR = ("、", ", ")
CHOICES_MORE = ("……（另有 {more} 项，见 {registry}）", ", … ({more} more in {registry})")

# Hints that close a message ({hint_zh}/{hint_en} from param "hint_kind" and the values they name).
HINTS = {
    "instead": ("；“{found}”请写成 {name}: {write}", "; for \"{found}\" write {name}: {write}"),
    "as-list": ("；请写成 {fix}", "; write {fix}"),
    "show-extensions": ("（Windows 默认隐藏 {found} 这样的扩展名：先在文件资源管理器的“查看”中勾选“文件扩展名”，再改名）",
                        " (Windows hides extensions such as {found}: tick View > File name extensions in File Explorer first)"),
}

SUMMARY = (
    "共检查 {cases} 个案例：{errors} 个错误，{warnings} 个警告",
    "Checked {cases} case(s): {errors} error(s), {warnings} warning(s)",
)


# What a clerk types in the progress sheet, quoted as it is (Chinese) by the English messages too.
SHEET_WORDS = {
    "sheet_statuses": "未开始 (not started), 推进中 (in progress), 已完成 (done), 不适用 (not applicable)",
    "chinese_date": "2026年11月30日", "lp": "（", "rp": "）", "example_role": "社区民警",
}


def _index(lang: str) -> int:
    return 0 if lang == "zh" else 1


def render(code: str, params: dict[str, Any], lang: str) -> str:
    template = CATALOG[code][_index(lang)]
    values = {"hint_zh": "", "hint_en": "", "guess_zh": "", "guess_en": "", **SHEET_WORDS}
    values.update(params)
    for key in ("edition", "configured"):
        if params.get(key) in EDITION_NAMES:
            values[key] = EDITION_NAMES[params[key]][_index(lang)]
    if "file_kind" in params:
        values["file_kind"] = FILE_KINDS[params["file_kind"]][_index(lang)]
    if "damage" in params:
        values["reason"] = DAMAGE_REASONS[params["damage"]][_index(lang)]
    if "doc_kind" in params:
        values["kind"] = DOCUMENT_KINDS[params["doc_kind"]][_index(lang)]
    if "nesting" in params:
        values["nesting"] = NESTING_KINDS[params["nesting"]][_index(lang)]
    if "listing" in params:
        values["expected"] = _listing(params, lang)
    if "values_of" in params:
        glosses = VALUE_GLOSSES[params["values_of"]]
        shown = (f"{value}（{gloss}）" for value, gloss in glosses.items()) if lang == "zh" else glosses
        values["expected"] = CHOICES_SEPARATOR[_index(lang)].join(shown)
    if "list_field" in params:
        values["kind"] = LIST_KINDS[params["list_field"]][_index(lang)]
    if "hint_kind" in params:
        zh, en = HINTS[params["hint_kind"]]
        values["hint_zh"], values["hint_en"] = zh.format(**params), en.format(**params)
    return template.format(**values)


def progress_state(state: str, lang: str) -> str:
    return PROGRESS_STATES[state][_index(lang)]

def _listing(params: dict[str, Any], lang: str) -> str:
    """'巡逻防控（patrol）、群防群治（volunteers）……（另有 3 项，见 cases/tags.yml）': whole items only."""
    i = _index(lang)
    shown = CHOICES_SEPARATOR[i].join(
        CHOICE[i].format(name=name, id=entry_id) if name != entry_id else entry_id
        for name, entry_id in params["listing"])
    if not shown:
        return "-"
    more = params.get("more", 0)
    return shown + (CHOICES_MORE[i].format(more=f"{more:,}", registry=params["registry"]) if more else "")


def summary_line(cases: int, errors: int, warnings: int, lang: str) -> str:
    return SUMMARY[_index(lang)].format(cases=cases, errors=errors, warnings=warnings)


def one_of(values: Iterable[str], limit: int = 12) -> str:
    """A readable 'a, b, c, …' list for 'expected one of' messages."""
    items = list(values)
    if not items:
        return "-"
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


def did_you_mean(suggestion: str | None) -> dict[str, str]:
    if not suggestion:
        return {}
    return {"hint_zh": f"；是不是“{suggestion}”？", "hint_en": f"; did you mean \"{suggestion}\"?"}


def type_params(expected: str, found: str) -> dict[str, str]:
    return {
        "expected_zh": TYPE_NAMES[expected][0],
        "expected_en": TYPE_NAMES[expected][1],
        "found_zh": TYPE_NAMES[found][0],
        "found_en": TYPE_NAMES[found][1],
    }


def did_you_mean_entry(entry_id: str, name: str) -> dict[str, str]:
    """Suggest a registry entry by its id, with its name beside it."""
    return {"hint_zh": f"；是不是“{entry_id}”（{name}）？", "hint_en": f"; did you mean \"{entry_id}\" ({name})?"}
