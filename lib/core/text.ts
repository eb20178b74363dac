/**
 * Text analysis for related-paper suggestions: words, stems, stop words and
 * two-word phrases. Pure, and driven by a small options object stored inside
 * the related model, so a page analysed at run time is cut into terms exactly
 * as the corpus was at build time.
 */
import { porterStem, sStem } from './stem';

/** How text becomes terms. Stored in the model; change it only by rebuilding the model. */
export interface AnalysisOptions {
  /** Which stemmer folds word forms ("tokenizer", "tokenization" → "token"). */
  stem: 'porter' | 's' | 'none';
  /** `english`: function words only; `academic`: also the boilerplate of abstracts. */
  stopwords: 'none' | 'english' | 'academic';
  /** Add adjacent word pairs ("optimal transport") as terms of their own. */
  phrases: boolean;
  /** Write "pre-training" as "pretraining", the way half the corpus spells it. */
  joinPrefixes: boolean;
  /**
   * Hyphenated compounds ("ad-hoc", "cross-lingual"): `split` into their words;
   * `whole`: one term, keyed like the two-word phrase ("ad hoc") so the spellings
   * with and without hyphen meet, and shown with its hyphen; `whole+parts`: that
   * term plus each part as a word of its own ("image-text" also counts as "image").
   */
  compounds?: 'split' | 'whole' | 'whole+parts';
  /** Treat digit-led tokens ("3B", "130B", "4k") like bare numbers: sizes and counts, not topics. */
  dropNumeric?: boolean;
}

/** One analysed word: the key it is counted under and how it was written. */
export interface Token {
  /** Stemmed, lower-cased key ("token"). */
  term: string;
  /** The word as a reader would recognise it: lower case, or upper case for acronyms ("CTC"). */
  surface: string;
  /** For a whole compound: its parts, counted as words of their own but never joined into phrases. */
  parts?: Token[];
}

/** A term occurrence: a word, or a phrase of two words whose key has a space in it. */
export type Term = Token;

// Function words: the usual short English list (articles, pronouns, auxiliaries,
// prepositions), which carry no topic.
const ENGLISH = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each either few for from further had has ' +
    'have having he her here hers herself him himself his how however i if in into is it its itself just ' +
    'may me might more most must my myself no nor not now of off on once only or other our ours ourselves ' +
    'out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through thus to too under until up upon us very via was we were what when ' +
    'where whether which while who whom why will with within without would yet you your yours'
  ).split(' '),
);

// Words every abstract uses whatever its topic ("we propose a novel method and
// show results"). Removing them before weighting measured worse (some, like
// "large" in "large language model", carry topic), so the shipped model only
// keeps them out of the reasons shown to the user.
const ACADEMIC = new Set(
  (
    'propose proposed proposes present presents presented paper work works show shows shown showing ' +
    'demonstrate demonstrates result results approach approaches method methods novel new based use used ' +
    'using uses existing previous recent recently significant significantly substantially improve improves ' +
    'improved improving improvement improvements achieve achieves achieved performance perform performs ' +
    'outperform outperforms outperforming state art sota experiments experimental extensive effective ' +
    'effectiveness various different several many well first one two three four five furthermore moreover ' +
    'addition additionally including include includes given make makes making however often across ' +
    'compared comparison previous prior study studies task tasks code available publicly github https com ' +
    'www http org find found even still among less better best large high e g i e et al etc explicitly ' +
    'full comprehensive thorough particular specifically respectively whereas largely mainly simple ' +
    // Generic words that surfaced as reasons ("argue", "related", "secondly") and name no topic.
    'argue argues argued related directly commonly secondly firstly finally identical equal real higher lower ' +
    'close insights alternative individual like aim aims goal'
  ).split(' '),
);

/** True when the lower-case word carries no topic under the given list. */
export function isStopword(word: string, list: AnalysisOptions['stopwords']): boolean {
  if (list === 'none') return false;
  return ENGLISH.has(word) || (list === 'academic' && ACADEMIC.has(word));
}

// Bound prefixes written both with and without a hyphen in the corpus.
const PREFIXES = new Set(['pre', 're', 'non', 'co', 'multi', 'sub', 'semi', 'un', 'post', 'de', 'mid']);

/** An acronym as written: "CTC", "LLMs", "GLM-130B" parts; kept upper case in reasons. */
const ACRONYM = /^[A-Z][A-Z0-9]*[A-Z0-9](s)?$/;

function stemOf(word: string, stem: AnalysisOptions['stem']): string {
  if (stem === 'porter') return porterStem(word);
  if (stem === 's') return sStem(word);
  return word;
}

/** Bare numbers, and with `dropNumeric` also model sizes and counts ("3b", "130b", "4k"). */
function isNumberish(lower: string, options: AnalysisOptions): boolean {
  return /^\d+$/.test(lower) || (!!options.dropNumeric && /^\d/.test(lower));
}

/** A word that can carry topic: two characters or more, not a number, not a stop word. */
function isContentWord(lower: string, options: AnalysisOptions): boolean {
  return lower.length >= 2 && !isNumberish(lower, options) && !isStopword(lower, options.stopwords);
}

function word(raw: string, options: AnalysisOptions): Token {
  const lower = raw.toLowerCase();
  return { term: stemOf(lower, options.stem), surface: ACRONYM.test(raw) ? raw.replace(/s$/, '') : lower };
}

/**
 * Cuts text into words (runs of letters and digits, accents folded),
 * stems them and turns stop words and bare numbers into breaks (`null`), so
 * a phrase never spans one.
 */
export function analyzeWords(text: string, options: AnalysisOptions): (Token | null)[] {
  const out: (Token | null)[] = [];
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  for (const m of folded.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]+/gu)) {
    const chunk = m[0];
    if (!/[\p{L}\p{N}]/u.test(chunk)) {
      // Sentence punctuation ends a phrase; a lone hyphen or slash between words does not matter.
      if (/[.,;:!?()[\]{}"]/.test(chunk)) out.push(null);
      continue;
    }
    let parts = chunk.split('-');
    if (options.joinPrefixes && parts.length > 1 && PREFIXES.has(parts[0].toLowerCase())) {
      parts = [parts[0] + parts[1], ...parts.slice(2)];
    }
    const compounds = options.compounds ?? 'split';
    if (compounds !== 'split' && parts.length > 1) {
      const kept = parts.filter((raw) => !isNumberish(raw.toLowerCase(), options));
      const words = kept.map((raw) => word(raw, options));
      if (kept.length > 1) {
        out.push({
          term: words.map((w) => w.term).join(' '),
          surface: kept.map((raw, i) => (/^[A-Z]$/.test(raw) ? raw : words[i].surface)).join('-'),
          parts: compounds === 'whole+parts' ? words.filter((w, i) => isContentWord(kept[i].toLowerCase(), options)) : undefined,
        });
        continue;
      }
      parts = kept;
    }
    for (const raw of parts) {
      const lower = raw.toLowerCase();
      // One letter or a bare number ("23", "2024") says nothing about the topic.
      if (!isContentWord(lower, options)) {
        out.push(null);
        continue;
      }
      out.push(word(raw, options));
    }
  }
  return out;
}

/**
 * The terms of a text: its words and, with `phrases`, each pair of adjacent
 * words not split by a stop word or punctuation ("optim transport" written
 * "optimal transport").
 */
export function analyzeTerms(text: string, options: AnalysisOptions): Term[] {
  const words = analyzeWords(text, options);
  const terms: Term[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) continue;
    terms.push({ term: w.term, surface: w.surface });
    for (const part of w.parts ?? []) terms.push(part);
    const next = words[i + 1];
    if (options.phrases && next && next.term !== w.term) {
      terms.push({
        term: `${w.term} ${next.term}`,
        surface: `${w.surface} ${next.surface}`,
      });
    }
  }
  return terms;
}
