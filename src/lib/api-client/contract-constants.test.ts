import { describe, expect, it } from 'vitest';
import * as contract from '@/contract/api';
import * as constants from './contract-constants';

describe('contract-constants', () => {
  it.each(Object.entries(constants))('%s equals the contract', (name, value) => {
    expect(contract[name as keyof typeof contract]).toBe(value);
  });
});
