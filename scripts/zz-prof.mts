import { SEARCH_OPTIONS } from '../lib/search-options';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import papers from '../data/papers.json';
import { buildVocabulary, syntheticCorpus } from '../lib/synthetic';
import { createSearchIndex, serialiseSearchIndex, loadTitles, loadAbstracts, searchPapers } from '../lib/search';
const vocab = buildVocabulary((papers as any[]).flatMap((p) => [p.title, p.abstract]));
const c = syntheticCorpus(30000, vocab, 42);
let s: any;
if (existsSync('/tmp/idx30k.json')) s = JSON.parse(readFileSync('/tmp/idx30k.json', 'utf8'));
else { s = serialiseSearchIndex(createSearchIndex(c)); writeFileSync('/tmp/idx30k.json', JSON.stringify(s)); }
console.log('titles MB', (s.titles.length/1e6).toFixed(1), 'abstracts MB', (s.abstracts.length/1e6).toFixed(1));
let t = performance.now(); const idx = loadTitles(s.titles); console.log('loadTitles', (performance.now()-t).toFixed(0));
t = performance.now(); await loadAbstracts(idx, s.abstracts); console.log('loadAbstracts', (performance.now()-t).toFixed(0));
const Q = ['language model','learning','pre-training data quality','retrieval augmented generation for question answering','ctc','tokenizer transfer','optimal transport alignment','biomedical named entity recognition','müller','preference optimization','vision language','zero-shot cross-lingual transfer'];
{
  const times: number[] = [];
  for (const w of ['graph neural network','speech recognition','reinforcement learning policy']) for (let i = 1; i <= w.length; i++) searchPapers(idx, w.slice(0, i), 20);
  for (let rep = 0; rep < 1; rep++) { times.length = 0; for (const q of Q) for (let i = 1; i <= q.length; i++) { const t0 = performance.now(); searchPapers(idx, q.slice(0, i), 20); times.push(performance.now() - t0); } }
  times.sort((a, b) => a - b);
  console.log('p50', times[Math.floor(times.length * 0.5)].toFixed(1), 'p95', times[Math.floor(times.length * 0.95)].toFixed(1), 'n', times.length);
}
const slow: [number,string][] = [];
for (const q of Q) for (let i = 1; i <= q.length; i++) { const x = q.slice(0,i); const t0 = performance.now(); searchPapers(idx, x, 20); const d = performance.now()-t0; slow.push([d, x]); }
slow.sort((a,b)=>b[0]-a[0]); console.log(slow.slice(0,15).map(([d,x])=>`${d.toFixed(1)} ${JSON.stringify(x)}`).join('\n'));
for (const q of ['pre', 'training', 'data', 'dat', 'language', 'mod', 'model', 'ctc']) {
  for (const part of ['titles', 'abstracts'] as const) {
    const t0 = performance.now();
    const r = (idx as any)[part].search(q, SEARCH_OPTIONS);
    console.log(part, q, (performance.now() - t0).toFixed(1), 'ms', r.length);
  }
}
