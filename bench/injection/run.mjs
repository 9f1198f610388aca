// `npm run bench:injection`: recall and false alarms of the page-instructions check on the corpus
// in this folder (README.md says where its texts come from). BENCH_VERBOSE=1 lists each miss.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const { module } = await runnerImport(fileURLToPath(new URL('./corpus.ts', import.meta.url)));
const verbose = process.env.BENCH_VERBOSE === '1';
console.log(module.report(module.scoreCorpus(), verbose));
const line = module.scoreCorpus(undefined, module.RENDERINGS['read_page line']);
console.log(`as read_page lines: recall ${module.figure(line.recall)}, false alarms ${module.figure(line.falseAlarms)}`);
const pages = module.scoreLongPages();
console.log(`benign texts joined into pages of 12: false alarms ${module.figure(pages)}`);
if (verbose) for (const line of pages.flagged) console.log(`  ${line}`);
