import { describe, expect, it } from 'vitest';
import { ConfigError, ContractsError } from '../src/index.ts';

describe('ConfigError', () => {
  it('lists one problem a line under one heading and keeps the lines apart', () => {
    const error = new ConfigError(['VEND_A: must be a number', 'VEND_B: unknown key "k9"']);
    expect(error.message).toBe(
      'invalid configuration:\n  VEND_A: must be a number\n  VEND_B: unknown key "k9"',
    );
    expect(error.problems).toEqual(['VEND_A: must be a number', 'VEND_B: unknown key "k9"']);
    expect(error.code).toBe('INVALID_CONFIGURATION');
    expect(error.name).toBe('ConfigError');
  });

  it('is the package error with a stable code, which a retention refusal names', () => {
    const error = new ConfigError(['VEND_RETENTION_DAYS: 9 days is too short'], 'RETENTION_TOO_SHORT');
    expect(error).toBeInstanceOf(ContractsError);
    expect(error.code).toBe('RETENTION_TOO_SHORT');
  });

  it('keeps its own copy of the problems', () => {
    const problems = ['VEND_A: must be a number'];
    const error = new ConfigError(problems);
    problems.push('VEND_B: later');
    expect(error.problems).toEqual(['VEND_A: must be a number']);
  });
});
