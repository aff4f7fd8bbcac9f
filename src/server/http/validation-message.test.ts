import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PinParamsSchema, RelatedParamsSchema, SearchParamsSchema } from '@/contract/api';
import { ApiError } from '@/server/http/api-error';
import { formatIssues, parseRequestInput } from '@/server/http/validation-message';

function messageFor(schema: z.ZodType, input: unknown): string {
  try {
    parseRequestInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ statusCode: 400, code: 'bad_request' });
    return (error as ApiError).message;
  }
  throw new Error('expected the input to be rejected');
}

describe('parseRequestInput messages', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['missing q', SearchParamsSchema, {}, 'q: is required'],
    ['empty q', SearchParamsSchema, { q: '' }, 'q: the query is empty'],
    ['blank q', SearchParamsSchema, { q: '   ' }, 'q: the query is empty'],
    [
      'long q',
      SearchParamsSchema,
      { q: 'x'.repeat(201) },
      'q: the query is longer than 200 characters',
    ],
    [
      'repeated q',
      SearchParamsSchema,
      { q: ['a', 'b'] },
      'q: was given more than once; pass it once',
    ],
    [
      'repeated limit',
      SearchParamsSchema,
      { q: 'a', limit: ['1', '2'] },
      'limit: was given more than once; pass it once',
    ],
    [
      'repeated cursor',
      SearchParamsSchema,
      { q: 'a', cursor: ['x', 'y'] },
      'cursor: was given more than once; pass it once',
    ],
    ['zero limit', SearchParamsSchema, { q: 'a', limit: '0' }, 'limit: must be at least 1'],
    ['big limit', SearchParamsSchema, { q: 'a', limit: '101' }, 'limit: must be at most 100'],
    [
      'negative limit',
      SearchParamsSchema,
      { q: 'a', limit: '-1' },
      'limit: must be a whole number',
    ],
    ['word limit', SearchParamsSchema, { q: 'a', limit: 'ten' }, 'limit: must be a whole number'],
    ['empty refinement', SearchParamsSchema, { q: 'a', refine: ['x', ''] }, 'refine[1]: is empty'],
    [
      'too many refinements',
      SearchParamsSchema,
      { q: 'a', refine: Array.from({ length: 9 }, (_, i) => `r${i}`) },
      'refine: accepts at most 8 values',
    ],
    [
      'long cursor',
      RelatedParamsSchema,
      { cursor: 'c'.repeat(513) },
      'cursor: is longer than 512 characters',
    ],
    ['bad pin id', PinParamsSchema, { id: 'a b' }, 'id: must be letters, digits, "-", "_" or "."'],
    [
      'several problems',
      SearchParamsSchema,
      { q: '', limit: '0' },
      'q: the query is empty; limit: must be at least 1',
    ],
  ])('%s', (_name, schema, input, expected) => {
    expect(messageFor(schema, input)).toBe(expected);
  });

  it('returns the parsed value when valid', () => {
    expect(parseRequestInput(SearchParamsSchema, { q: ' cat ', refine: 'ears' })).toEqual({
      q: 'cat',
      refine: ['ears'],
      limit: 30,
      exact: false,
    });
  });
});

describe('formatIssues', () => {
  it('names nested paths and keeps schema-level messages', () => {
    const schema = z.object({ a: z.object({ b: z.array(z.string().min(2, 'too short')) }) });
    const result = schema.safeParse({ a: { b: ['ok', 'x'] } });
    expect(result.success).toBe(false);
    expect(formatIssues(result.error?.issues ?? [])).toBe('a.b[1]: too short');
  });

  it('prints a root-level issue without a path', () => {
    const result = z.string().safeParse(1);
    expect(formatIssues(result.error?.issues ?? [])).toBe(
      'Invalid input: expected string, received number',
    );
  });
});
