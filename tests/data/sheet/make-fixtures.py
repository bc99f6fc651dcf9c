#!/usr/bin/python3
"""Regenerate the spreadsheet fixtures of tests/sheet/reader_*.c.

Needs python3-openpyxl and LibreOffice (libreoffice-calc-nogui); CI has
neither, so the produced files are committed. Run from the repository root:
    /usr/bin/python3 tests/data/sheet/make-fixtures.py
Files written by real programs: openpyxl.xlsx (openpyxl), libreoffice.xlsx,
libreoffice.xls, libreoffice.csv, libreoffice-tab.txt (LibreOffice from
openpyxl.xlsx). Hand-made with zipfile (to pin down one XML feature each):
prefixed.xlsx, bomb-ratio.xlsx, bomb-lying.xlsx, deep.xlsx, doctype.xlsx.
Excel 2003 XML: libreoffice-2003.xml (LibreOffice from libreoffice.csv;
it cannot export the xlsx with merged cells to that format) and the
hand-made excel2003.xls (what Excel, WPS and web systems write, with
every feature the reader handles) and its hostile variants. HTML:
libreoffice.html (LibreOffice from libreoffice.csv), the hand-made
excel-web.xls (Excel's 网页 / a web system's export, gb2312) and
web-gbk.xls (no charset, GBK).
"""
import os, shutil, struct, subprocess, tempfile, zipfile, zlib
import openpyxl
from openpyxl.styles import Alignment

D = "tests/data/sheet"
TITLE = "“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表"
LINE2 = "设区市/省直管县（市）教育局/有关单位：(盖章)  填报人：  联系电话：  年 月 日"
HEAD = ["序号", "姓名", "性别", "身份证号码", "工作单位", "所属县（市、区）", "任教学科", "联系电话", "骨干", "合计"]

def roster():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws["A1"] = TITLE
    ws.merge_cells("A1:J1")
    ws["A2"] = LINE2
    ws.append(HEAD)
    ws.append([1, "张三", "男", "36010219900101123X", "南昌市第一中学", "东湖区", "语文", 13800000000, True, "=A4*2"])
    ws.append([2, "李四", "女", 360102199001011000, "南昌市第二中学", "西湖区", "数学", "13900000000", False, '=B5&"老师"'])
    ws.append([])
    ws.append([])
    ws.append([3, " 王五 ", "男", "360102199001011234", "南昌市\n第三中学", "青山湖区", "英语", "0791-86000000", None, "=1/0"])
    ws["E8"].alignment = Alignment(wrap_text=True)
    ws.append(["注：此汇总表请用 EXCEL 表格制表。"])
    ws2 = wb.create_sheet("说明")
    ws2["A1"] = "第二个工作表"
    ws2["B2"] = 42.5
    ws2["C3"] = 0.000015
    wb.save(f"{D}/openpyxl.xlsx")

def soffice(src, fmt, outname):
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["soffice", "--headless", "--calc", "--convert-to", fmt, "--outdir", t, src],
                       check=True, stdout=subprocess.DEVNULL)
        out = [f for f in os.listdir(t)][0]
        shutil.move(os.path.join(t, out), f"{D}/{outname}")

def text_variants():
    with open(f"{D}/libreoffice.csv", "rb") as f:
        utf8 = f.read().decode("utf-8")
    with open(f"{D}/gbk.csv", "wb") as f:
        f.write(utf8.encode("gbk"))
    with open(f"{D}/utf8-bom.csv", "wb") as f:
        f.write(b"\xef\xbb\xbf" + utf8.encode("utf-8"))
    with open(f"{D}/bad-encoding.csv", "wb") as f:
        f.write("序号,姓名\n1,张三\n".encode("gbk") + b"2,\xff\xfe\x80\n")
    with open(f"{D}/utf16.txt", "wb") as f:
        f.write(b"\xff\xfe" + "序号\t姓名\r\n1\t张三\r\n".encode("utf-16-le"))

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
RELNS = "http://schemas.openxmlformats.org/package/2006/relationships"
ODR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

def handmade(name, sheets, sst=None, wbdir="xl", method=zipfile.ZIP_DEFLATED):
    """sheets: list of (sheet name, part target as written, xml)."""
    z = zipfile.ZipFile(f"{D}/{name}", "w", method)
    z.writestr("[Content_Types].xml", CT)
    z.writestr("_rels/.rels", f'<Relationships xmlns="{RELNS}"><Relationship Id="rId1" '
               f'Type="{ODR}/officeDocument" Target="{wbdir}/workbook.xml"/></Relationships>')
    wb = [f'<x:workbook xmlns:x="{MAIN}" xmlns:rel="{ODR}"><x:sheets>']
    rels = [f'<Relationships xmlns="{RELNS}">']
    for i, (sn, target, xml) in enumerate(sheets):
        wb.append(f'<x:sheet name="{sn}" sheetId="{i+1}" rel:id="rId{i+10}"/>')
        rels.append(f'<Relationship Id="rId{i+10}" Type="{ODR}/worksheet" Target="{target}"/>')
        part = target[1:] if target.startswith("/") else f"{wbdir}/{target}"
        z.writestr(part, xml)
    if sst is not None:
        rels.append(f'<Relationship Id="rId99" Type="{ODR}/sharedStrings" Target="sharedStrings.xml"/>')
        z.writestr(f"{wbdir}/sharedStrings.xml", sst)
    wb.append("</x:sheets></x:workbook>")
    rels.append("</Relationships>")
    z.writestr(f"{wbdir}/workbook.xml", "".join(wb))
    z.writestr(f"{wbdir}/_rels/workbook.xml.rels", "".join(rels))
    z.close()

def sheet_xml(rows):
    return f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{rows}</x:sheetData><x:mergeCells count="0"/></x:worksheet>'

def prefixed():
    # WPS/strict-style prefixes, rich text with a phonetic run, _x000D_,
    # inline strings, rows and cells without r, error and str cells,
    # an absolute target, sheet order differing from part names.
    sst = (f'<x:sst xmlns:x="{MAIN}" count="3" uniqueCount="3">'
           '<x:si><x:t>姓名</x:t></x:si>'
           '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>张</x:t></x:r><x:r><x:t xml:space="preserve">三 </x:t></x:r>'
           '<x:rPh sb="0" eb="1"><x:t>ちょう</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>'
           '<x:si><x:t>a_x000D_b_x005F_x</x:t></x:si></x:sst>')
    rows = ('<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>身份证号码</x:t></x:is></x:c></x:row>'
            '<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v>3.60102199001011E+17</x:v></x:c>'
            '<x:c r="E2" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c></x:row>'
            '<x:row r="5"><x:c r="B5" t="str"><x:f>A1</x:f><x:v>公式</x:v></x:c><x:c r="C5" t="b"><x:v>1</x:v></x:c>'
            '<x:c r="AB5" t="s"><x:v>2</x:v></x:c></x:row>'
            '<x:row r="6" spans="1:3"><x:c r="A6" s="3"/><x:c r="B6" t="inlineStr"><x:is><x:t></x:t></x:is></x:c></x:row>'
            '<x:row><x:c t="inlineStr"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本</x:t></x:r><x:rPh><x:t>フ</x:t></x:rPh></x:is></x:c></x:row>')
    second = sheet_xml('<x:row r="3"><x:c r="C3"><x:v>7</x:v></x:c></x:row>')
    handmade("prefixed.xlsx", [("甲表", "/xl/worksheets/sheet2.xml", sheet_xml(rows)),
                               ("乙表", "worksheets/sheet1.xml", second)], sst)

def bombs():
    filler = '<x:row><x:c t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'
    big = sheet_xml(filler * (12 * 1024 * 1024 // len(filler)))
    handmade("bomb-ratio.xlsx", [("Sheet1", "worksheets/sheet1.xml", big)])
    # The same content, but the zip directory claims the sheet is 4000 bytes:
    # only counting while inflating catches it.
    handmade("bomb-lying.xlsx", [("Sheet1", "worksheets/sheet1.xml", big)])
    data = bytearray(open(f"{D}/bomb-lying.xlsx", "rb").read())
    target = b"xl/worksheets/sheet1.xml"
    real = len(big.encode())
    for sig, size_off, name_off in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            nlen = struct.unpack_from("<H", data, pos + (26 if sig == b"PK\x03\x04" else 28))[0]
            if data[pos + name_off:pos + name_off + nlen] == target:
                assert struct.unpack_from("<I", data, pos + size_off)[0] == real
                struct.pack_into("<I", data, pos + size_off, 4000)
            pos += 4
    open(f"{D}/bomb-lying.xlsx", "wb").write(bytes(data))

def hostile_xml():
    deep = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>ok</x:t></x:is></x:c></x:row>' \
           + "<a>" * 200 + "</a>" * 200 + "</x:sheetData></x:worksheet>"
    handmade("deep.xlsx", [("Sheet1", "worksheets/sheet1.xml", deep)])
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
           f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lol2;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>')
    handmade("doctype.xlsx", [("Sheet1", "worksheets/sheet1.xml", lol)])

def soffice_from_csv(src, fmt, outname):
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", fmt,
                        "--outdir", t, src], check=True, stdout=subprocess.DEVNULL)
        out = [f for f in os.listdir(t)][0]
        shutil.move(os.path.join(t, out), f"{D}/{outname}")

X2003_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
              '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
              'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
              'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">\n')

def xml2003():
    soffice_from_csv(f"{D}/libreoffice.csv", "xml:MS Excel 2003 XML", "libreoffice-2003.xml")
    body = (
        ' <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>kingsoft</Author></DocumentProperties>\n'
        ' <CustomDocumentProperties xmlns="urn:schemas-microsoft-com:office:office">'
        '<KSOProductBuildVer dt:dt="string" xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882">2052-11.1.0</KSOProductBuildVer>'
        '</CustomDocumentProperties>\n'
        ' <Styles><Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/></Style>'
        '<Style ss:ID="s1"><NumberFormat ss:Format="@"/></Style></Styles>\n'
        ' <Worksheet ss:Name="名单">\n'
        '  <Table ss:ExpandedColumnCount="8" ss:ExpandedRowCount="12" x:FullColumns="1" x:FullRows="1">\n'
        '   <Column ss:Index="4" ss:Width="150"/>\n'
        '   <Row ss:Height="30"><Cell ss:MergeAcross="7"><Data ss:Type="String">“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表</Data></Cell></Row>\n'
        '   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">设区市/省直管县（市）教育局/有关单位：(盖章)</Data></Cell>'
        '<Cell ss:Index="6"><Data ss:Type="String">填报人：</Data></Cell></Row>\n'
        '   <Row ss:Index="4"><Cell><Data ss:Type="String">序号</Data></Cell><Cell><Data ss:Type="String">姓名</Data></Cell>'
        '<Cell><Data ss:Type="String">性别</Data></Cell><Cell><Data ss:Type="String">身份证&#10;号码</Data></Cell>'
        '<Cell><Data ss:Type="String">工作单位</Data></Cell><Cell><Data ss:Type="String">所属县（市、区）</Data></Cell>'
        '<Cell><Data ss:Type="String">任教学科</Data></Cell><Cell><Data ss:Type="String">联系电话</Data></Cell></Row>\n'
        '   <Row><Cell><Data ss:Type="Number">1</Data></Cell>'
        '<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>张</B><Font html:Color="#FF0000">三</Font></ss:Data>'
        '<Comment ss:Author="审核人"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>批注：</B>请核对</ss:Data></Comment></Cell>'
        '<Cell><Data ss:Type="String">男</Data></Cell><Cell ss:StyleID="s1"><Data ss:Type="String">36010219900101123X</Data></Cell>'
        '<Cell><Data ss:Type="String">南昌市第一中学</Data><NamedCell ss:Name="Print_Area"/></Cell>'
        '<Cell><Data ss:Type="String">东湖区</Data></Cell><Cell><Data ss:Type="String">语文</Data></Cell>'
        '<Cell><Data ss:Type="Number">13800000000</Data></Cell></Row>\n'
        '   <Row ss:AutoFitHeight="0" ss:Span="1"/>\n'
        '   <Row><Cell><Data ss:Type="Number">2</Data></Cell><Cell><Data ss:Type="String">李四</Data></Cell>'
        '<Cell ss:Index="4"><Data ss:Type="Number">360102199001011000</Data></Cell>'
        '<Cell><Data ss:Type="DateTime">2022-11-05T00:00:00.000</Data></Cell>'
        '<Cell><Data ss:Type="Boolean">1</Data></Cell><Cell ss:Formula="=1/0"><Data ss:Type="Error">#DIV/0!</Data></Cell>'
        '<Cell><Data ss:Type="String"></Data></Cell></Row>\n'
        '   <Row><Cell><Data ss:Type="String">注：此汇总表请用 EXCEL 表格制表。</Data></Cell></Row>\n'
        '  </Table>\n'
        '  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Selected/></WorksheetOptions>\n'
        ' </Worksheet>\n'
        ' <Worksheet ss:Name="说明"><Table><Row ss:Index="3"><Cell ss:Index="3"><Data ss:Type="Number">7</Data></Cell></Row></Table></Worksheet>\n'
        ' <Worksheet/>\n'
        '</Workbook>\n')
    with open(f"{D}/excel2003.xls", "w", encoding="utf-8") as f:
        f.write(X2003_HEAD + body)
    with open(f"{D}/excel2003-doctype.xls", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>\n'
                + X2003_HEAD[X2003_HEAD.index("<Workbook"):]
                + '<Worksheet ss:Name="a"><Table><Row><Cell><Data ss:Type="String">&lol;</Data></Cell></Row></Table></Worksheet></Workbook>\n')
    with open(f"{D}/excel2003-gbk.xls", "wb") as f:
        f.write((X2003_HEAD.replace("UTF-8", "GBK")
                 + '<Worksheet ss:Name="名单"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row></Table></Worksheet></Workbook>\n').encode("gbk"))
    with open(f"{D}/excel2003-truncated.xls", "w", encoding="utf-8") as f:
        f.write((X2003_HEAD + body)[: len(X2003_HEAD + body) * 2 // 3])

def html_files():
    soffice_from_csv(f"{D}/libreoffice.csv", "html:HTML (StarCalc)", "libreoffice.html")
    # What Excel writes as 网页 and web systems export as ".xls": gb2312,
    # mso styles, x:num, a title over all columns, a rowspan, <br>, &nbsp;,
    # tags left open, a nested table, a second table.
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
        '<meta http-equiv=Content-Type content="text/html; charset=gb2312">\n'
        '<meta name=ProgId content=Excel.Sheet>\n<style>td {mso-number-format:"\\@";}</style>\n</head>\n<body>\n'
        '<table x:str border=0 cellpadding=0 cellspacing=0 width=864>\n'
        ' <col width=72 span=8>\n'
        ' <tr height=30><td colspan=8 class=xl65>“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表</td></tr>\n'
        ' <tr><td colspan=4>设区市/省直管县（市）教育局/有关单位：(盖章)</td><td></td><td>填报人：</td></tr>\n'
        ' <tr><th>序号<th>姓名<th>性别<th>身份证<br>号码<th>工作单位<th>所属县（市、区）<th>任教学科<th>联系电话\n'
        ' <tr><td x:num>1</td><td>&nbsp;张&nbsp;三 </td><td>男</td><td>36010219900101123X</td>'
        '<td rowspan=2>南昌市第一中学</td><td>东湖区</td><td>语文</td><td x:num>13800000000</td></tr>\n'
        ' <tr><td x:num>2<td>李四<td>女<td x:num="360102199001011000">3.60102E+17<td>东湖区<td>数学<td>139&amp;0000<b>0002</b>\n'
        ' <tr><td></td><td><br></td></tr>\n'
        ' <tr><td>注：此汇总表请用 EXCEL 表格制表。<table><tr><td>内层</td></tr></table>完</td></tr>\n'
        '</table>\n<p>第二张表：</p>\n<table><tr><td></td><td></td><td x:num>7</td></tr></table>\n</body>\n</html>\n')
    with open(f"{D}/excel-web.xls", "wb") as f:
        f.write(page.encode("gbk"))
    # a web system's export with no charset, in GBK
    with open(f"{D}/web-gbk.xls", "wb") as f:
        f.write("<table border=1><tr><th>姓名</th><th>身份证号码</th></tr><tr><td>张三</td><td>36010219900101123X</td></tr></table>\n".encode("gbk"))

def wrong_types():
    shutil.copy(f"{D}/libreoffice.xlsx", f"{D}/really-xlsx.xls")
    with open(f"{D}/html.xls", "w", encoding="utf-8") as f:
        f.write('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
                "<body><table><tr><td>姓名</td><td>身份证号码</td></tr></table></body></html>\n")
    data = open(f"{D}/libreoffice.xlsx", "rb").read()
    open(f"{D}/truncated.xlsx", "wb").write(data[: len(data) // 2])

os.makedirs(D, exist_ok=True)
roster()
src = os.path.abspath(f"{D}/openpyxl.xlsx")
soffice(src, "xlsx:Calc MS Excel 2007 XML", "libreoffice.xlsx")
soffice(src, "xls:MS Excel 97", "libreoffice.xls")
soffice(src, "csv:Text - txt - csv (StarCalc):44,34,76", "libreoffice.csv")
soffice(src, "txt:Text - txt - csv (StarCalc):9,34,76", "libreoffice-tab.txt")
xml2003()
html_files()
text_variants()
prefixed()
bombs()
hostile_xml()
wrong_types()
