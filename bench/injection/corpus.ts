import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { findInjection } from '../../src/policy/injection';

/** One text of the corpus: bench/injection/README.md says where the texts come from. */
const Entry = z.object({
  id: z.string(),
  label: z.enum(['injection', 'benign']),
  family: z.string(),
  lang: z.string(),
  split: z.enum(['dev', 'heldout', 'fresh']),
  source: z.string().min(1),
  text: z.string().min(1),
});
export type Entry = z.infer<typeof Entry>;

export function loadCorpus(): Entry[] {
  return ['injection.jsonl', 'benign.jsonl'].flatMap((file) =>
    readFileSync(new URL(file, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line, index) => {
        const parsed = Entry.safeParse(JSON.parse(line));
        if (!parsed.success) throw new Error(`bench/injection/${file} line ${index + 1}: ${parsed.error.message}`);
        return parsed.data;
      }),
  );
}

export interface Tally {
  hits: number;
  total: number;
}
export interface Results {
  recall: Tally;
  falseAlarms: Tally;
  bySplit: Record<string, { recall: Tally; falseAlarms: Tally }>;
  byFamily: Record<string, Tally>;
  missed: Entry[];
  flaggedBenign: Entry[];
}

/** How each text reaches the check: as written, and as read_page renders a line of page text. */
export const RENDERINGS = {
  plain: (text: string) => text,
  'read_page line': (text: string) => `text ${JSON.stringify(text)}`,
} as const;

export function scoreCorpus(entries: Entry[] = loadCorpus(), render: (text: string) => string = RENDERINGS.plain): Results {
  const tally = (): Tally => ({ hits: 0, total: 0 });
  const results: Results = { recall: tally(), falseAlarms: tally(), bySplit: {}, byFamily: {}, missed: [], flaggedBenign: [] };
  for (const entry of entries) {
    const flagged = findInjection(render(entry.text)) !== undefined;
    const split = (results.bySplit[entry.split] ??= { recall: tally(), falseAlarms: tally() });
    const family = (results.byFamily[`${entry.label}/${entry.family}`] ??= tally());
    for (const t of entry.label === 'injection' ? [results.recall, split.recall, family] : [results.falseAlarms, split.falseAlarms, family]) {
      t.total++;
      if (flagged) t.hits++;
    }
    if (entry.label === 'injection' && !flagged) results.missed.push(entry);
    if (entry.label === 'benign' && flagged) results.flaggedBenign.push(entry);
  }
  return results;
}

export const rate = ({ hits, total }: Tally) => (total ? (100 * hits) / total : 0);
export const figure = (t: Tally) => `${rate(t).toFixed(1)}% (${t.hits}/${t.total})`;

/** The report `npm run bench:injection` prints. */
export function report(results: Results, verbose = false, label = 'injection'): string {
  const lines = [`${label}: recall ${figure(results.recall)}, false alarms ${figure(results.falseAlarms)}`];
  for (const [split, r] of Object.entries(results.bySplit)) lines.push(`  ${split.padEnd(8)} recall ${figure(r.recall)}, false alarms ${figure(r.falseAlarms)}`);
  lines.push('  by family (injections: flagged = caught; benign: flagged = false alarm):');
  for (const [family, t] of Object.entries(results.byFamily).sort()) lines.push(`    ${family.padEnd(24)} ${figure(t)}`);
  // Only the dev split is listed: the held-out split stays unread while the detector is tuned.
  if (verbose) {
    for (const e of results.missed.filter((e) => e.split === 'dev')) lines.push(`  missed ${e.id}: ${e.text.slice(0, 140)}`);
    for (const e of results.flaggedBenign.filter((e) => e.split === 'dev')) lines.push(`  false alarm ${e.id}: ${e.text.slice(0, 140)}`);
  }
  return lines.join('\n');
}

/**
 * Benign texts joined into long pages, as read_page renders them: unrelated lines of one page must
 * not add up to a finding. Each page holds `size` consecutive benign texts.
 */
export function scoreLongPages(entries: Entry[] = loadCorpus(), size = 12): Tally & { flagged: string[] } {
  const benign = entries.filter((e) => e.label === 'benign');
  const result = { hits: 0, total: 0, flagged: [] as string[] };
  for (let start = 0; start < benign.length; start += size) {
    const page = benign.slice(start, start + size);
    const finding = findInjection(page.map((e) => RENDERINGS['read_page line'](e.text)).join('\n'));
    result.total++;
    if (finding) {
      result.hits++;
      result.flagged.push(`${page[0]!.id}..${page.at(-1)!.id}: ${finding.excerpt}`);
    }
  }
  return result;
}
