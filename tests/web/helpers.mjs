// Helpers of the browser tests (tests/web/ui.mjs): TOTP codes for the
// second factor (RFC 6238, SHA-1, 6 digits, 30 s), valid synthetic ID
// numbers (GB 11643 check digit) and the official Attachment 2 as CSV.
import { createHmac } from 'node:crypto'

function base32(s) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let val = 0
  const out = []
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    const i = A.indexOf(ch)
    if (i < 0) continue
    val = (val << 5) | i
    bits += 5
    if (bits >= 8) {
      out.push((val >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export function totp(secret, step) {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(step))
  const h = createHmac('sha1', base32(secret)).update(msg).digest()
  const o = h[19] & 15
  const n = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]
  return String(n % 1000000).padStart(6, '0')
}

// A code for a time step not used before for this secret (the server
// refuses a step twice): waits for the next step when needed.
const lastStep = new Map()
export async function freshTotp(secret) {
  let step = Math.floor(Date.now() / 30000)
  if (lastStep.get(secret) >= step) {
    await new Promise((r) => setTimeout(r, (step + 1) * 30000 - Date.now() + 200))
    step = Math.floor(Date.now() / 30000)
  }
  lastStep.set(secret, step)
  return totp(secret, step)
}

export function idNumber(region6, birth8, seq3) {
  const body = region6 + birth8 + seq3
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i]
  return body + '10X98765432'[s % 11]
}

const FORM2_HEAD = '“国家中小学智慧教育平台”应用工作（骨干教师和全员集中培训）参训教师汇总表,,,,,,,\n' +
  '设区市/省直管县（市）教育局/有关单位：(盖章),,,填报人：,,联系电话：,,年 月 日\n' +
  '序号,姓名,性别,身份证号码,工作单位,所属县（市、区）,任教学科,联系电话\n'

// rows: [name, gender, id, school, county, subject, phone]
export function form2Csv(rows) {
  return FORM2_HEAD + rows.map((r, i) => [i + 1, ...r].join(',')).join('\n') + '\n'
}

// The same form as Excel 2003 XML, as a web system exports it (".xls"):
// a merged title, the header, then the rows, every value a String cell.
export function form2Xml2003(rows) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const row = (cells) => '<Row>' + cells.map((c) => `<Cell><Data ss:Type="String">${esc(c)}</Data></Cell>`).join('') + '</Row>'
  const head = FORM2_HEAD.split('\n').slice(0, 3).map((l) => l.split(',').filter((c) => c !== ''))
  return '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n' +
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
    '<Worksheet ss:Name="附件2"><Table>' +
    `<Row><Cell ss:MergeAcross="7"><Data ss:Type="String">${esc(head[0][0])}</Data></Cell></Row>` +
    row(head[1]) + row(head[2]) + rows.map((r, i) => row([i + 1, ...r])).join('') +
    '</Table></Worksheet></Workbook>\n'
}
