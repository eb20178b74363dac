import { describe, expect, it } from 'vitest';
import { paperFromTab, pickPaperTab, titleFromTabTitle } from '../../lib/pages/current-tab';
import { DEFAULT_SETTINGS, enabledOn, normaliseSettings } from '../../lib/settings/settings';

const origin = 'chrome-extension://abc/';

describe('the current tab', () => {
  it('reads a PDF tab from its URL alone', () => {
    expect(paperFromTab({ url: 'https://arxiv.org/pdf/2010.12148v3', title: '2010.12148v3.pdf' })).toEqual({
      arxivId: '2010.12148',
      version: 3,
      authors: [],
    });
  });

  it('reads titles of arXiv and Hugging Face tabs', () => {
    expect(titleFromTabTitle('[2310.00161v1] Region-centric Pretraining')).toBe('Region-centric Pretraining');
    expect(titleFromTabTitle('Paper page - Zero-Shot Tokenizer Transfer')).toBe('Zero-Shot Tokenizer Transfer');
    expect(titleFromTabTitle('arXiv.org')).toBeUndefined();
  });

  it('ignores tabs that are not paper pages', () => {
    expect(paperFromTab({ url: 'https://arxiv.org/list/cs.CL/new' })).toBeNull();
    expect(paperFromTab({ url: 'https://example.org/abs/2010.12148' })).toBeNull();
    expect(paperFromTab({ url: 'not a url' })).toBeNull();
    expect(paperFromTab({})).toBeNull();
  });

  it('uses the active tab, or the most recent paper tab when the popup is itself a tab', () => {
    const a = { url: 'https://arxiv.org/abs/2010.10137', lastAccessed: 10 };
    const b = { url: 'https://huggingface.co/papers/2302.08582', lastAccessed: 20 };
    const self = { url: `${origin}popup.html`, active: true, lastAccessed: 30 };
    expect(pickPaperTab(a, [], origin)).toBe(a);
    expect(pickPaperTab({ url: 'https://example.org/' }, [a, b], origin)).toBeNull();
    expect(pickPaperTab(self, [a, b, self], origin)).toBe(b);
  });
});

describe('settings', () => {
  it('falls back to defaults for broken stored values and clamps counts', () => {
    expect(normaliseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normaliseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(normaliseSettings({ arxiv: 'no', relatedCount: 99, collapsed: true })).toEqual({
      ...DEFAULT_SETTINGS,
      collapsed: true,
      relatedCount: 10,
    });
  });

  it('switches per site', () => {
    const s = { ...DEFAULT_SETTINGS, huggingface: false };
    expect(enabledOn(s, 'huggingface.co')).toBe(false);
    expect(enabledOn(s, 'export.arxiv.org')).toBe(true);
  });
});
