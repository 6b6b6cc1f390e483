/** The report as Markdown, JSON or one self-contained HTML page (inline CSS and SVG, no scripts). */
import type { QuestionGroup } from './cluster';
import type { Report } from './aggregate';
import { escapeHtml } from '../../http/html';
import { markdownTable, percent } from '../args';

export type ReportFormat = 'markdown' | 'json' | 'html';

function locales(perLocale: Record<string, number>): string {
  return Object.entries(perLocale)
    .sort((a, b) => b[1] - a[1])
    .map(([locale, n]) => `${locale} ${n}`)
    .join(', ');
}

function variantsOf(group: QuestionGroup): string {
  return group.variants.map((v) => `${v.text} (${v.count})`).join('; ');
}

function mdTable(headers: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return '_None in this period._\n';
  return `${markdownTable(headers, rows)}\n`;
}

interface Section {
  title: string;
  headers: string[];
  rows: (string | number)[][];
  note?: string;
}

function sections(report: Report): Section[] {
  return [
    {
      title: 'Questions without an answer',
      note: 'Similar wordings are grouped; most frequent first. Consider adding an entry or alternate questions.',
      headers: ['#', 'question', 'times', 'languages', 'similar wordings'],
      rows: report.unanswered.map((g, i) => [i + 1, g.text, g.count, locales(g.locales), variantsOf(g)])
    },
    {
      title: 'Did-you-mean choices offered',
      note: 'Entries offered as choices and how often users picked them.',
      headers: ['entry', 'topic', 'offered', 'chosen'],
      rows: report.didYouMean.entries.map((e) => [e.entryId, e.topic, e.offered, e.chosen])
    },
    {
      title: 'Questions answered with did-you-mean choices',
      note: 'These wordings were close but not sure enough; adding them as alternate questions helps.',
      headers: ['question', 'times', 'languages'],
      rows: report.didYouMean.questions.map((g) => [g.text, g.count, locales(g.locales)])
    },
    {
      title: 'Feedback per entry',
      note: 'Most "not helpful" first.',
      headers: ['entry', 'topic', 'helpful', 'not helpful'],
      rows: report.feedback.map((f) => [f.entryId, f.topic, f.helpful, f.notHelpful])
    },
    {
      title: 'Answers per entry',
      headers: ['entry', 'topic', 'answers', 'per language'],
      rows: report.answersPerEntry.map((e) => [e.entryId, e.topic, e.total, locales(e.perLocale)])
    },
    {
      title: 'Answers per language',
      headers: ['language', 'answers'],
      rows: Object.entries(report.answersPerLocale).sort((a, b) => b[1] - a[1])
    },
    {
      title: 'Answers per topic',
      headers: ['topic', 'answers'],
      rows: report.answersPerTopic.map((t) => [t.topic, t.total])
    },
    {
      title: 'Answers per day',
      headers: ['day', 'answers'],
      rows: report.answersPerDay.map((d) => [d.day, d.total])
    },
    {
      title: `Busiest hours (${report.period.timeZone})`,
      headers: ['hour', 'questions'],
      rows: report.busiestHours.map((h) => [
        `${String(h.hour).padStart(2, '0')}:00-${String(h.hour).padStart(2, '0')}:59`,
        h.questions
      ])
    }
  ];
}

function summaryLines(report: Report): string[] {
  const t = report.totals;
  return [
    `Period: ${report.period.from ?? '-'} to ${report.period.to ?? '-'} (times shown in ${report.period.timeZone})`,
    `Questions: ${t.questions} - answered ${t.answered} (${percent(t.answerRate)}), did-you-mean ${t.suggested}, no answer ${t.unmatched}`,
    `Did-you-mean choices picked: ${t.suggestionsChosen}; answers from follow-up and topic buttons: ${t.otherButtonAnswers}; feedback given: ${t.feedback}; messages refused: ${t.rejected}`,
    `Asked for a person or to complain: ${t.handoffs} (complaints: ${t.complaints})`
  ];
}

export function renderMarkdown(report: Report): string {
  const parts = ['# FAO Assistant - usage report', '', ...summaryLines(report).map((l) => `- ${l}`), ''];
  for (const section of sections(report)) {
    parts.push(`## ${section.title}`, '');
    if (section.note) parts.push(section.note, '');
    parts.push(mdTable(section.headers, section.rows));
  }
  return parts.join('\n');
}

/** A horizontal bar chart as inline SVG. */
export function barChart(title: string, bars: { label: string; value: number }[]): string {
  if (bars.length === 0) return `<p class="empty">${escapeHtml(title)}: none in this period.</p>`;
  const rowHeight = 22;
  const labelWidth = 220;
  const barWidth = 420;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const height = bars.length * rowHeight + 10;
  const rows = bars
    .map((bar, i) => {
      const y = i * rowHeight + 5;
      const width = Math.max(1, Math.round((bar.value / max) * barWidth));
      return (
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${width}" height="${rowHeight - 6}" rx="2"></rect>` +
        `<text x="${labelWidth + width + 6}" y="${y + 15}">${bar.value}</text>`
      );
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${rows}</svg></figure>`;
}

function htmlTable(section: Section): string {
  const body =
    section.rows.length === 0
      ? `<p class="empty">None in this period.</p>`
      : `<table><thead><tr>${section.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${section.rows
          .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  return `<section><h2>${escapeHtml(section.title)}</h2>${section.note ? `<p class="note">${escapeHtml(section.note)}</p>` : ''}${body}</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,"Noto Sans SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2933}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e4e7eb;vertical-align:top}th{background:#f0f4f8}
.note,.empty{color:#52606d}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg text{font-size:12px;fill:#1f2933}
svg rect{fill:#2f80ed}ul.summary{padding-left:1.2rem}`;

export function renderHtml(report: Report): string {
  const charts =
    barChart(
      'Answers per topic',
      report.answersPerTopic.map((t) => ({ label: t.topic, value: t.total }))
    ) +
    barChart(
      'Answers per day',
      report.answersPerDay.map((d) => ({ label: d.day, value: d.total }))
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>FAO Assistant - usage report</title><style>${STYLE}</style></head>
<body><h1>FAO Assistant - usage report</h1>
<ul class="summary">${summaryLines(report)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('')}</ul>
${charts}
${sections(report).map(htmlTable).join('\n')}
</body></html>
`;
}

export function renderReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'html') return renderHtml(report);
  return renderMarkdown(report);
}
