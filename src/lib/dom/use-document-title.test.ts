import { describe, expect, it } from 'vitest';
import { documentTitle } from './use-document-title';

describe('documentTitle', () => {
  it.each([
    [undefined, 'Inspo'],
    [null, 'Inspo'],
    ['  ', 'Inspo'],
    ['cat', 'cat – Inspo'],
    [' Grinning face ', 'Grinning face – Inspo'],
  ])('%j → %s', (subject, expected) => {
    expect(documentTitle(subject)).toBe(expected);
  });
});
