import { describe, expect, it } from 'vitest';
import { hasUnspacedScript, lexiconKey, segmentWords } from './lexicon';

describe('lexiconKey', () => {
  it.each([
    ['Mariposa', 'mariposa'],
    ['ÉLÉPHANT', 'elephant'],
    ['Straße', 'strasse'],
    ['ελέφαντας', 'ελεφαντας'],
    ['ёжик', 'ежик'],
    ['ネコ', 'ねこ'],
    ['ｶﾞｲﾄﾞ', 'がいど'],
    ['猫', '猫'],
    ['कुत्ता', 'कुत्ता'],
    ['قطة', 'قطة'],
  ])('%s → %s', (input, key) => {
    expect(lexiconKey(input)).toBe(key);
  });
});

describe('segmentWords', () => {
  it('splits Japanese, Chinese and Thai runs with Intl.Segmenter and keeps other words whole', () => {
    expect(segmentWords('赤い花')).toEqual(['赤い', '花']);
    expect(segmentWords('我喜欢猫')).toEqual(['我', '喜欢', '猫']);
    expect(segmentWords('แมวดำ')).toEqual(['แมว', 'ดำ']);
    expect(segmentWords('red 花 flor')).toEqual(['red', '花', 'flor']);
    expect(segmentWords('flor roja')).toEqual(['flor', 'roja']);
  });

  it('knows which scripts are written without spaces', () => {
    expect(hasUnspacedScript('猫')).toBe(true);
    expect(hasUnspacedScript('ねこ')).toBe(true);
    expect(hasUnspacedScript('แมว')).toBe(true);
    expect(hasUnspacedScript('고양이')).toBe(false);
    expect(hasUnspacedScript('perro')).toBe(false);
  });
});
