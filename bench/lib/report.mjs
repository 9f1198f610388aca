// Turning measured rows into the markdown table and the results files.

const num = (value, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "12.3 ms [11.0–14.1]": median with p25–p75. */
export function fmtSummary(summary, unit) {
  if (!summary) return '—';
  if (unit === 'ms') return `${num(summary.median)} ms [${num(summary.p25)}–${num(summary.p75)}]`;
  const median = num(summary.median, 0);
  return summary.p25 === summary.p75 ? median : `${median} [${num(summary.p25, 0)}–${num(summary.p75, 0)}]`;
}

export function fmtTarget(target) {
  if (!target) return 'info';
  return target.kind === 'coverage' ? `≥ ${num(target.value * 100, 0)}%` : `≤ ${target.value}x`;
}

export function fmtRatio(row) {
  if (row.ratio === null || row.ratio === undefined) return '—';
  return row.target?.kind === 'coverage' ? `${num(row.ratio * 100)}%` : `${row.ratio.toFixed(2)}x`;
}

/** Cell text for one side of a row: a failure or n/a wins over numbers. */
function side(row, which) {
  if (row[`${which}Status`]) return row[`${which}Status`];
  if (row.display?.[which]) return row.display[which];
  return fmtSummary(row[which], row.unit);
}

export function markdownTable(rows) {
  const escape = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| measure | page | steward (median) | peer (median) | ratio | target | met? | notes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const met = row.met === true ? 'yes' : row.met === false ? '**no**' : '—';
    const cells = [row.measure, row.page, side(row, 'steward'), side(row, 'peer'), fmtRatio(row), fmtTarget(row.target), met, row.notes?.join('; ') ?? ''];
    lines.push(`| ${cells.map(escape).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Fills ratio and met from the medians (or the given ratio, for coverage). */
export function judge(row) {
  if (row.ratio === undefined) {
    const s = row.steward?.median;
    const p = row.peer?.median;
    row.ratio = !row.stewardStatus && !row.peerStatus && Number.isFinite(s) && Number.isFinite(p) && p > 0 ? s / p : null;
  }
  if (!row.target || row.ratio === null) row.met = null;
  else row.met = row.target.kind === 'coverage' ? row.ratio >= row.target.value - 1e-9 : row.ratio <= row.target.value;
  return row;
}

export function machineBlock(machine) {
  return [
    `- CPU: ${machine.cpu} × ${machine.cores} logical cores (load average at start ${machine.loadStart.map((l) => l.toFixed(2)).join(', ')}; at end ${machine.loadEnd?.map((l) => l.toFixed(2)).join(', ') ?? '?'})`,
    `- Memory: ${machine.memoryGb} GB`,
    `- OS: ${machine.os}`,
    `- Chromium: ${machine.chromium ?? '?'} (Steward, via puppeteer ${machine.puppeteer}); ${machine.playwrightChromium ?? '?'} (peer, via playwright-core ${machine.playwright})`,
    `- Node: ${machine.node}`,
  ].join('\n');
}
