import { describe, expect, it } from 'vitest';
import { engineConfigFromEnv } from './engine-config';

describe('engineConfigFromEnv', () => {
  it('is the embedded engine unless INSPO_ENGINE says otherwise', () => {
    expect(engineConfigFromEnv({})).toEqual({ kind: 'sqlite', cluster: null });
    expect(engineConfigFromEnv({ INSPO_ENGINE: ' SQLite ' })).toEqual({
      kind: 'sqlite',
      cluster: null,
    });
  });

  it('reads the cluster: defaults are what `npm run cluster` starts, 3 shards × 2 copies', () => {
    expect(engineConfigFromEnv({ INSPO_ENGINE: 'solr' })).toEqual({
      kind: 'solr',
      cluster: { urls: ['http://127.0.0.1:8983/solr'], alias: 'inspo', shards: 3, replicas: 2 },
    });
    expect(
      engineConfigFromEnv({
        INSPO_ENGINE: 'solr',
        INSPO_SOLR_URL: 'http://a:1/solr/, http://b:2/solr',
        INSPO_SOLR_ALIAS: 'pins-2',
        INSPO_SOLR_SHARDS: '6',
        INSPO_SOLR_REPLICAS: '3',
      }).cluster,
    ).toEqual({
      urls: ['http://a:1/solr', 'http://b:2/solr'],
      alias: 'pins-2',
      shards: 6,
      replicas: 3,
    });
  });

  it.each([
    [{ INSPO_ENGINE: 'elastic' }, 'INSPO_ENGINE must be "sqlite" (default) or "solr"'],
    [{ INSPO_ENGINE: 'opensearch' }, 'INSPO_ENGINE=opensearch is not implemented'],
    [{ INSPO_ENGINE: 'solr', INSPO_SOLR_URL: 'solr-1' }, 'INSPO_SOLR_URL: "solr-1" is not a URL'],
    [{ INSPO_ENGINE: 'solr', INSPO_SOLR_URL: 'localhost:8983' }, 'must be an http:// URL'],
    [{ INSPO_ENGINE: 'solr', INSPO_SOLR_URL: 'https://x/solr' }, 'must be an http:// URL'],
    [
      { INSPO_ENGINE: 'solr', INSPO_SOLR_SHARDS: '0' },
      'INSPO_SOLR_SHARDS must be a whole number from 1 to 64',
    ],
    [
      { INSPO_ENGINE: 'solr', INSPO_SOLR_REPLICAS: '1.5' },
      'INSPO_SOLR_REPLICAS must be a whole number',
    ],
    [{ INSPO_ENGINE: 'solr', INSPO_SOLR_ALIAS: 'Inspo!' }, 'INSPO_SOLR_ALIAS must be lowercase'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => engineConfigFromEnv(env)).toThrow(message);
  });
});
