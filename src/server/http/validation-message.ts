/**
 * Turns zod issues into one message a person can act on, e.g.
 * "q: the query is empty" or "limit: must be at most 100".
 * Messages written in the contract's schemas win; this only rewords zod's
 * generic defaults ("Invalid input: expected string, received array").
 */
import type { z } from 'zod';
import { ApiError } from '@/server/http/api-error';

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

/** Parse-time error map: it sees the offending input, which the final issue does not carry. */
export function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (Array.isArray(issue.input) && issue.expected === 'string')
        return 'was given more than once; pass it once';
      return `must be a ${issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'is empty' : `is shorter than ${issue.minimum} characters`;
      if (issue.origin === 'array') return `needs at least ${issue.minimum} values`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `is longer than ${issue.maximum} characters`;
      if (issue.origin === 'array') return `accepts at most ${issue.maximum} values`;
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

/** Regex messages in the contract name the expected shape ("a whole number"); say "must be". */
function issueText(issue: Issue): string {
  if (issue.code === 'invalid_format' && issue.format === 'regex')
    return `must be ${issue.message}`;
  return issue.message;
}

export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((issue) => {
      const where = formatPath(issue.path);
      return where === '' ? issueText(issue) : `${where}: ${issueText(issue)}`;
    })
    .join('; ');
}

/** Validates request input; anything wrong becomes a 400 `bad_request` with a readable message. */
export function parseRequestInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (!result.success) {
    throw new ApiError({
      statusCode: 400,
      code: 'bad_request',
      message: formatIssues(result.error.issues),
    });
  }
  return result.data;
}
