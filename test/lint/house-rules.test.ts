/**
 * The house rules in eslint.config.js fail the lint (severity error), each on a probe file that
 * breaks exactly one of them: features importing each other, import cycles, the reranker's
 * runtime outside src/lib/rerank, React in the pure rooms, Node or server code in the browser,
 * the server importing src/ml, and a lower server layer importing a higher one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** Rule ids reported as errors for `code` placed at `file` (relative to the repo root). */
async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('house rules', () => {
  it.each([
    {
      rule: 'a feature importing another feature',
      file: 'src/features/search/probe.ts',
      code: "import { SUGGEST_LIMIT } from '@/features/autocomplete/api/get-suggestions';\nexport const x = SUGGEST_LIMIT;\n",
      expected: 'import-x/no-restricted-paths',
    },
    {
      rule: 'the same, by a relative path',
      file: 'src/features/search/probe.ts',
      code: "import { SUGGEST_LIMIT } from '../autocomplete/api/get-suggestions';\nexport const x = SUGGEST_LIMIT;\n",
      expected: 'import-x/no-restricted-paths',
    },
    {
      rule: 'onnxruntime-web outside src/lib/rerank',
      file: 'src/features/search/probe.ts',
      code: "import * as ort from 'onnxruntime-web';\nexport const x = ort;\n",
      expected: 'no-restricted-imports',
    },
    {
      rule: 'React in src/ranking',
      file: 'src/ranking/probe.ts',
      code: "import { useState } from 'react';\nexport const x = useState;\n",
      expected: 'no-restricted-imports',
    },
    {
      rule: 'React in src/lib/masonry',
      file: 'src/lib/masonry/probe.ts',
      code: "import { useState } from 'react';\nexport const x = useState;\n",
      expected: 'no-restricted-imports',
    },
    {
      rule: 'React in src/contract',
      file: 'src/contract/probe.ts',
      code: "import { useState } from 'react';\nexport const x = useState;\n",
      expected: 'no-restricted-imports',
    },
    {
      rule: 'a node: module in the browser',
      file: 'src/app/probe.ts',
      code: "import fs from 'node:fs';\nexport const x = fs;\n",
      expected: 'import-x/no-nodejs-modules',
    },
    {
      rule: 'a bare Node built-in in a pure room',
      file: 'src/ranking/probe.ts',
      code: "import path from 'path';\nexport const x = path;\n",
      expected: 'import-x/no-nodejs-modules',
    },
    {
      rule: 'server code in the browser',
      file: 'src/lib/url-state/probe.ts',
      code: "import { openEngine } from '@/server/engine/open-engine';\nexport const x = openEngine;\n",
      expected: 'import-x/no-restricted-paths',
    },
    {
      rule: 'the server importing src/ml',
      file: 'src/server/engine/probe.ts',
      code: "import { DEFAULT_SEED } from '@/ml/train/pipeline';\nexport const x = DEFAULT_SEED;\n",
      expected: 'import-x/no-restricted-paths',
    },
    {
      rule: 'a lower server layer importing a higher one',
      file: 'src/server/query/probe.ts',
      code: "import { INDEX_VERSION } from '@/server/engine/schema';\nexport const x = INDEX_VERSION;\n",
      expected: 'import-x/no-restricted-paths',
    },
  ])('$rule is an error', async ({ file, code, expected }) => {
    expect(await errorsFor(file, code)).toContain(expected);
  });

  it('allows what the rules allow', async () => {
    expect(
      await errorsFor(
        'src/lib/rerank/probe.ts',
        "import * as ort from 'onnxruntime-web';\nexport const x = ort;\n",
      ),
    ).toEqual([]);
    expect(
      await errorsFor(
        'src/ml/probe.ts',
        "import { openSearchService } from '@/server/service/search-service';\nexport const x = openSearchService;\n",
      ),
    ).toEqual([]);
    expect(
      await errorsFor(
        'src/server/engine/probe.ts',
        "import { MAX_QUERY_WORDS } from '@/server/query/normalize';\nexport const x = MAX_QUERY_WORDS;\n",
      ),
    ).toEqual([]);
  });

  describe('import cycles', () => {
    // A cycle needs both files on disk; the folder is ignored by git and removed afterwards.
    const dir = path.join(ROOT, 'src/lib', `__lint-probe-${process.pid}`);
    beforeAll(() => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'a.ts'),
        "import { b } from './b';\nexport const a = () => b;\n",
      );
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import { a } from './a';\nexport const b = () => a;\n",
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('an import cycle anywhere in src/ is an error', async () => {
      const [result] = await eslint.lintFiles([path.join(dir, 'a.ts')]);
      const errors = result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
      expect(errors).toContain('import-x/no-cycle');
    });
  });
});
